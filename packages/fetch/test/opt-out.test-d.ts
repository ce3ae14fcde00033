import type { TokenSource } from '@tokenkeeper/core';
import { bearerFetch } from '@tokenkeeper/fetch';
import { expectTypeOf, test } from 'vitest';

declare const tokens: TokenSource;

test('the wrapper takes fetch arguments plus a typed opt-out', () => {
  const api = bearerFetch(tokens, { fetch: globalThis.fetch });
  expectTypeOf(api).returns.toEqualTypeOf<Promise<Response>>();
  void api('https://api.example.com/health', { bearer: false, method: 'GET' });
  // @ts-expect-error the opt-out is a boolean
  void api('https://api.example.com/health', { bearer: 'no' });
});
