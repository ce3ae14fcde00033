import type { TokenSource } from '@tokenkeeper/core';
import { bearerHooks } from '@tokenkeeper/got';
import got from 'got';
import { test } from 'vitest';

declare const tokens: TokenSource;

test('the hooks fit got.extend and the opt-out needs no cast', () => {
  const api = got.extend({ prefixUrl: 'https://api.example.com', hooks: bearerHooks(tokens) });
  void api.get('health', { context: { bearer: false } });
});
