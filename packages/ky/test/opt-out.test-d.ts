import type { TokenSource } from '@tokenkeeper/core';
import { bearerHooks } from '@tokenkeeper/ky';
import ky from 'ky';
import { test } from 'vitest';

declare const tokens: TokenSource;

test('the hooks fit ky.create and the opt-out needs no cast', () => {
  const api = ky.create({ baseUrl: 'https://api.example.com/', hooks: bearerHooks(tokens) });
  void api.extend({ hooks: bearerHooks(tokens, { origins: ['https://api.example.com'] }) });
  void api.get('health', { context: { bearer: false } });
});
