import type { TokenSource } from '@tokenkeeper/core';
import { bearerFetch } from '@tokenkeeper/fetch';
import { expectTypeOf, test } from 'vitest';

declare const tokens: TokenSource;

test('the wrapper takes fetch arguments plus a typed opt-out and token set', () => {
  const api = bearerFetch(tokens, {
    fetch: globalThis.fetch,
    resource: 'https://api.example.com/',
  });
  expectTypeOf(api).returns.toEqualTypeOf<Promise<Response>>();
  void api('https://api.example.com/health', { bearer: false, method: 'GET' });
  void api('https://api.example.com/orders', { method: 'POST', bearer: { scope: 'orders:write' } });
  // @ts-expect-error the opt-out is a boolean
  void api('https://api.example.com/health', { bearer: 'no' });
  // @ts-expect-error a scope is a space-separated string
  void api('https://api.example.com/orders', { bearer: { scope: 1 } });
});
