import type { TokenSource } from '@tokenkeeper/core';
import { type BearerContext, bearerHooks } from '@tokenkeeper/got';
import got from 'got';
import { test } from 'vitest';

declare const tokens: TokenSource;

test('the hooks fit got.extend, and the per-request choice needs no cast', () => {
  const api = got.extend({
    prefixUrl: 'https://api.example.com',
    hooks: bearerHooks(tokens, { scope: 'orders:read', resource: 'https://api.example.com/' }),
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
