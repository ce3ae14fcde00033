import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTokenManager, TokenEndpointError } from '../src/index.ts';
import { endpoint, scriptedEndpoint, tokenReply } from './scripted-endpoint.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
});
afterEach(() => {
  vi.useRealTimers();
});

const base = { tokenEndpoint: endpoint, clientId: 'c', clientSecret: 's' };

describe('token endpoint failures', () => {
  it('retries 5xx with backoff and gives every waiter the token once it recovers', async () => {
    const server = scriptedEndpoint((_, index) =>
      index < 2 ? { status: 503, body: 'busy' } : tokenReply(),
    );
    const tokens = createTokenManager({ ...base, fetch: server.fetch });
    const waiting = Promise.all(Array.from({ length: 200 }, () => tokens.getAccessToken()));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(new Set(await waiting).size).toBe(1);
    expect(server.count()).toBe(3);
  });

  it('gives up after a bounded number of attempts with the last status', async () => {
    const server = scriptedEndpoint((_, index) =>
      index % 2
        ? { status: 500, body: '<html>oops</html>' }
        : { status: 503, body: { error: 'temporarily_unavailable' } },
    );
    const tokens = createTokenManager({ ...base, fetch: server.fetch });
    const outcome = tokens.getAccessToken().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(60_000);
    const error = await outcome;
    expect(error).toBeInstanceOf(TokenEndpointError);
    expect(error).toMatchObject({ status: 503, error: undefined, code: 'ERR_TOKEN_ENDPOINT' }); // the 15th answer's
    expect(server.count()).toBe(15); // the first attempt and the default 14 retries
  });

  it('fails at once on 400 and 401 OAuth errors', async () => {
    for (const [status, error] of [
      [400, 'invalid_grant'],
      [401, 'invalid_client'],
    ] as const) {
      const server = scriptedEndpoint(() => ({
        status,
        body: { error, error_description: 'nope' },
      }));
      const tokens = createTokenManager({ ...base, fetch: server.fetch });
      await expect(tokens.getAccessToken()).rejects.toMatchObject({
        status,
        error,
        errorDescription: 'nope',
      });
      expect(server.count()).toBe(1);
    }
  });

  it('honours Retry-After (seconds) on 429 as a floor', async () => {
    const server = scriptedEndpoint((_, index) =>
      index === 0
        ? { status: 429, headers: { 'retry-after': '7' }, body: { error: 'slow_down' } }
        : tokenReply(),
    );
    const tokens = createTokenManager({ ...base, fetch: server.fetch });
    const token = tokens.getAccessToken();
    await vi.advanceTimersByTimeAsync(6_900);
    expect(server.count()).toBe(1);
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(token).resolves.toMatch(/^opaque-/);
    expect(server.count()).toBe(2);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const server = scriptedEndpoint((_, index) =>
      index === 0
        ? { status: 503, headers: { 'retry-after': new Date(Date.now() + 4_000).toUTCString() } }
        : tokenReply(),
    );
    const tokens = createTokenManager({ ...base, fetch: server.fetch });
    const token = tokens.getAccessToken();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(server.count()).toBe(1);
    await vi.advanceTimersByTimeAsync(3_000);
    await expect(token).resolves.toBeTypeOf('string');
  });

  it('ends the flight at once when Retry-After is beyond its time budget', async () => {
    const server = scriptedEndpoint(() => ({ status: 429, headers: { 'retry-after': '86400' } }));
    const tokens = createTokenManager({ ...base, fetch: server.fetch });
    await expect(tokens.getAccessToken()).rejects.toMatchObject({ status: 429 });
    expect(server.count()).toBe(1);
  });

  it('treats a network error as retryable and reports it without the URL', async () => {
    let calls = 0;
    const failingFetch = (async (input: string | URL) => {
      calls += 1;
      throw new TypeError(`fetch failed for ${String(input)}`, { cause: { code: 'ECONNREFUSED' } });
    }) as typeof fetch;
    const tokens = createTokenManager({
      ...base,
      requestStyle: 'query',
      fetch: failingFetch,
      retry: { retries: 2 },
    });
    const outcome = tokens.getAccessToken().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(60_000);
    const error = (await outcome) as TokenEndpointError;
    expect(error.status).toBeUndefined();
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).not.toContain('client_secret');
    expect(calls).toBe(3);
  });

  it('times out a hanging endpoint per attempt', async () => {
    const hanging = ((_: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        );
      })) as typeof fetch;
    const tokens = createTokenManager({
      ...base,
      fetch: hanging,
      timeoutMs: 1_000,
      retry: { retries: 1 },
    });
    const outcome = tokens.getAccessToken().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await outcome).toMatchObject({ code: 'ERR_TOKEN_ENDPOINT', status: undefined });
  });

  it('keeps serving a valid token during an outage, with a bounded number of hits', async () => {
    let down = false;
    const server = scriptedEndpoint(() =>
      down ? { status: 500 } : tokenReply({ expires_in: 60 }),
    );
    const tokens = createTokenManager({ ...base, fetch: server.fetch });
    const first = await tokens.getAccessToken();
    down = true;
    vi.setSystemTime(Date.now() + 55_000); // inside the 6 s window
    for (let tick = 0; tick < 40; tick++) {
      const batch = await Promise.all(Array.from({ length: 5 }, () => tokens.getAccessToken()));
      expect(batch.every((t) => t === first)).toBe(true);
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(server.count() - 1).toBeLessThanOrEqual(5);
  });
});
