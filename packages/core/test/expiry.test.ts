import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTokenManager } from '../src/index.ts';
import { endpoint, jwt, type Reply, scriptedEndpoint, tokenReply } from './scripted-endpoint.ts';

const T0 = Date.UTC(2026, 0, 1);

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

function manager(script: Parameters<typeof scriptedEndpoint>[0], extra: object = {}) {
  const server = scriptedEndpoint(script);
  const tokens = createTokenManager({
    tokenEndpoint: endpoint,
    clientId: 'c',
    clientSecret: 's',
    fetch: server.fetch,
    ...extra,
  });
  return { server, tokens };
}

describe('expiry and refresh ahead of it', () => {
  it('refreshes in the background inside the window without delaying callers', async () => {
    let release!: (reply: Reply) => void;
    const { server, tokens } = manager((_, index) =>
      index === 0
        ? tokenReply({ expires_in: 100 })
        : new Promise<Reply>((resolve) => (release = resolve)),
    );
    const first = await tokens.getAccessToken();

    vi.setSystemTime(T0 + 89_000); // window: 10% of 100 s
    expect(await tokens.getAccessToken()).toBe(first);
    expect(server.count()).toBe(1);

    vi.setSystemTime(T0 + 91_000);
    expect(await tokens.getAccessToken()).toBe(first); // served at once, refresh under way
    await vi.waitFor(() => expect(server.count()).toBe(2));
    expect(await tokens.getAccessToken()).toBe(first); // still not waiting for it
    expect(server.count()).toBe(2);

    release(tokenReply({ expires_in: 100 }));
    await vi.waitFor(async () => expect(await tokens.getAccessToken()).not.toBe(first));
    expect(server.count()).toBe(2);
  });

  it('takes the JWT exp when it is earlier than expires_in', async () => {
    const accessToken = await jwt({ exp: T0 / 1000 + 60, iat: T0 / 1000 });
    const { tokens } = manager(() => ({
      body: { access_token: accessToken, token_type: 'Bearer', expires_in: 3600 },
    }));
    expect((await tokens.getToken()).expiresAt).toBe(T0 + 60_000);
  });

  it('takes expires_in when it is earlier than the JWT exp, and uses the JWT exp alone when expires_in is absent', async () => {
    const accessToken = await jwt({ exp: T0 / 1000 + 7200 });
    const a = manager(() => ({
      body: { access_token: accessToken, token_type: 'bearer', expires_in: '600' },
    }));
    expect((await a.tokens.getToken()).expiresAt).toBe(T0 + 600_000);
    const b = manager(() => ({ body: { access_token: accessToken, token_type: 'BEARER' } }));
    expect((await b.tokens.getToken()).expiresAt).toBe(T0 + 7_200_000);
  });

  it('falls back to the documented default lifetime for an opaque token without expires_in', async () => {
    const { tokens } = manager(() => ({ body: { access_token: 'opaque', token_type: 'Bearer' } }));
    expect((await tokens.getToken()).expiresAt).toBe(T0 + 300_000);
  });

  it('accounts for a server clock that runs an hour ahead (Date header)', async () => {
    const serverNow = T0 + 3_600_000;
    const accessToken = await jwt({ exp: serverNow / 1000 + 600, iat: serverNow / 1000 });
    const { tokens } = manager(() => ({
      body: { access_token: accessToken, token_type: 'Bearer' },
      headers: { date: new Date(serverNow).toUTCString() },
    }));
    expect((await tokens.getToken()).expiresAt).toBe(T0 + 600_000);
  });

  it('accounts for a server clock that runs ahead, from the JWT iat when there is no Date header', async () => {
    const serverNow = T0 + 120_000;
    const accessToken = await jwt({ exp: serverNow / 1000 + 300, iat: serverNow / 1000 });
    const { tokens } = manager(() => ({
      body: { access_token: accessToken, token_type: 'Bearer' },
    }));
    expect((await tokens.getToken()).expiresAt).toBe(T0 + 300_000);
  });

  it('does not fire early for a 30-day lifetime, and keeps no timer while idle', async () => {
    const { server, tokens } = manager(() => tokenReply({ expires_in: 30 * 86_400 }));
    const first = await tokens.getAccessToken();
    expect(vi.getTimerCount()).toBe(0);
    vi.setSystemTime(T0 + 29 * 86_400_000);
    expect(await tokens.getAccessToken()).toBe(first);
    expect(server.count()).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('hands a token with expires_in 0 to its waiters instead of refreshing back to back', async () => {
    const { server, tokens } = manager(() => tokenReply({ expires_in: 0 }));
    const results = await Promise.all(Array.from({ length: 100 }, () => tokens.getAccessToken()));
    expect(new Set(results).size).toBe(1);
    expect(server.count()).toBe(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(server.count()).toBe(1); // nothing refreshes on its own
    await tokens.getAccessToken();
    expect(server.count()).toBe(2);
  });

  it('caps the refresh window at half a lifetime shorter than the window', async () => {
    const { server, tokens } = manager(() => tokenReply({ expires_in: 30 }), {
      refreshWindowMs: 60_000,
    });
    await tokens.getAccessToken();
    vi.setSystemTime(T0 + 14_000);
    await tokens.getAccessToken();
    expect(server.count()).toBe(1);
    vi.setSystemTime(T0 + 16_000);
    await tokens.getAccessToken();
    await vi.waitFor(() => expect(server.count()).toBe(2));
  });

  it('keeps serving the valid token while a background refresh fails, and does not retry at every call', async () => {
    const events: string[] = [];
    const { server, tokens } = manager(
      (_, index) =>
        index === 0
          ? tokenReply({ expires_in: 100 })
          : { status: 400, body: { error: 'invalid_client' } },
      {
        onEvent: (event: { type: string; background?: boolean }) =>
          events.push(`${event.type}:${event.background ?? ''}`),
      },
    );
    const first = await tokens.getAccessToken();
    vi.setSystemTime(T0 + 95_000);
    for (let i = 0; i < 50; i++) expect(await tokens.getAccessToken()).toBe(first);
    await vi.waitFor(() => expect(server.count()).toBe(2));
    for (let i = 0; i < 50; i++) expect(await tokens.getAccessToken()).toBe(first);
    expect(server.count()).toBe(2);
    expect(events).toEqual(['token_acquired:', 'refresh_failed:true']);
  });
});
