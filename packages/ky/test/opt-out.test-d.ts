import type { TokenSource } from '@tokenkeeper/core';
import { type BearerContext, bearerHooks } from '@tokenkeeper/ky';
import ky from 'ky';
import { test } from 'vitest';

declare const tokens: TokenSource;

test('the hooks fit ky.create and extend, and the per-request choice needs no cast', () => {
  const api = ky.create({ baseUrl: 'https://api.example.com/', hooks: bearerHooks(tokens) });
  void api.extend({
    hooks: bearerHooks(tokens, { origins: ['https://api.example.com'], audience: 'urn:api' }),
  });
  void api.get('health', { context: { bearer: false } });
  void api.post('orders', {
    context: { bearer: { scope: 'orders:write' } } satisfies BearerContext,
  });
  // @ts-expect-error the opt-out is a boolean
  void ({ bearer: 'no' } satisfies BearerContext);
  // @ts-expect-error a scope is a space-separated string
  void ({ bearer: { scope: 1 } } satisfies BearerContext);
  // @ts-expect-error not an option of the adapter
  bearerHooks(tokens, { scopes: 'orders:read' });
});
