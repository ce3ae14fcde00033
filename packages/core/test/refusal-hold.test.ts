import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createTokenManager } from '../src/index.ts';
import { endpoint, scriptedEndpoint } from './scripted-endpoint.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
});
afterEach(() => {
  vi.useRealTimers();
});

it('answers a refusal that came twice in a row from memory for a second, not with a login per call', async () => {
  const server = scriptedEndpoint(() => ({
    status: 400,
    body: { error: 'invalid_grant', error_description: 'Session limit exceeded' },
  }));
  const tokens = createTokenManager({
    tokenEndpoint: endpoint,
    clientId: 'c',
    grant: { type: 'password', username: 'u', password: 'p' },
    fetch: server.fetch,
  });
  await expect(tokens.getAccessToken()).rejects.toMatchObject({ status: 400 });
  await expect(tokens.getAccessToken()).rejects.toMatchObject({ status: 400 });
  expect(server.count()).toBe(2); // the first refusal is not held: the next call asks again
  for (let i = 0; i < 100; i++) {
    await expect(tokens.getAccessToken()).rejects.toMatchObject({ error: 'invalid_grant' });
    await vi.advanceTimersByTimeAsync(5);
  }
  expect(server.count()).toBe(2); // 100 calls in half a second: no new request
  await vi.advanceTimersByTimeAsync(1_000);
  await expect(tokens.getAccessToken()).rejects.toMatchObject({ status: 400 });
  expect(server.count()).toBe(3);
});
