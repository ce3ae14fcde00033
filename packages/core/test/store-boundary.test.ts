import { describe, expect, it } from 'vitest';
import { createMemoryStore, createTokenManager, type TokenStore } from '../src/index.ts';
import { endpoint, scriptedEndpoint, tokenReply } from './scripted-endpoint.ts';

const base = { tokenEndpoint: endpoint, clientId: 'c', clientSecret: 's', timeoutMs: 200 };

const storeWith = (entry: unknown): TokenStore => ({
  get: () => entry as never,
  set: () => {},
  delete: () => {},
});

describe('a store is a boundary', () => {
  it('goes on without a store whose get never settles, and dispose does not hang', async () => {
    const server = scriptedEndpoint(() => tokenReply());
    const hanging: TokenStore = {
      get: () => new Promise(() => {}),
      set: () => {},
      delete: () => {},
    };
    const events: string[] = [];
    const tokens = createTokenManager({
      ...base,
      fetch: server.fetch,
      store: hanging,
      onEvent: (e) => events.push(e.type),
    });
    await expect(tokens.getAccessToken()).resolves.toMatch(/^opaque-/);
    expect(events).toContain('store_unavailable');
    await expect(tokens.dispose()).resolves.toBeUndefined();
  });

  it.each([
    ['a number as the access token', { accessToken: 12345 }],
    ['a token with CR LF in it', { accessToken: 'abc\r\nX-Evil: 1' }],
    ['a DPoP token without DPoP on', { tokenType: 'DPoP' }],
    ['an expiry that is not a number', { expiresAt: 'soon' }],
    ['no raw response', { raw: null }],
  ])('reads an entry with %s as a miss and overwrites it', async (_, bad) => {
    const server = scriptedEndpoint(() => tokenReply());
    const good = {
      accessToken: 'stored',
      tokenType: 'Bearer',
      expiresAt: Date.now() + 3_600_000,
      issuedAt: Date.now(),
      raw: {},
    };
    const inner = createMemoryStore();
    const store: TokenStore = {
      ...inner,
      get: (key) => (inner.get(key) as never) ?? ({ ...good, ...bad } as never),
    };
    const tokens = createTokenManager({ ...base, fetch: server.fetch, store });
    await expect(tokens.getAccessToken()).resolves.toMatch(/^opaque-/);
    expect(server.count()).toBe(1);
    expect((await inner.get(tokens.flightKey))?.accessToken).toMatch(/^opaque-/);
  });

  it('hands out a well-formed stored entry without a token request', async () => {
    const server = scriptedEndpoint(() => tokenReply());
    const store = storeWith({
      accessToken: 'from-store',
      tokenType: 'Bearer',
      expiresAt: Date.now() + 3_600_000,
      issuedAt: Date.now(),
      raw: {},
    });
    const tokens = createTokenManager({ ...base, fetch: server.fetch, store });
    expect(await tokens.getAccessToken()).toBe('from-store');
    expect(server.count()).toBe(0);
  });

  it("with whenStoreUnavailable 'wait', fails with ERR_STORE after storeWaitMs and sends no token request", async () => {
    const server = scriptedEndpoint(() => tokenReply());
    const down: TokenStore = {
      get: () => Promise.reject(new Error('ECONNREFUSED')),
      set: () => Promise.reject(new Error('ECONNREFUSED')),
      delete: () => Promise.reject(new Error('ECONNREFUSED')),
    };
    const tokens = createTokenManager({
      ...base,
      fetch: server.fetch,
      store: down,
      whenStoreUnavailable: 'wait',
      storeWaitMs: 300,
    });
    await expect(tokens.getAccessToken()).rejects.toMatchObject({ code: 'ERR_STORE' });
    expect(server.count()).toBe(0);
  });

  it("with whenStoreUnavailable 'wait', carries on once the store answers", async () => {
    const server = scriptedEndpoint(() => tokenReply());
    let up = false;
    setTimeout(() => {
      up = true;
    }, 150);
    const inner = createMemoryStore();
    const flaky: TokenStore = {
      get: (key) => (up ? inner.get(key) : Promise.reject(new Error('down'))),
      set: (key, token, ttl) =>
        up ? inner.set(key, token, ttl) : Promise.reject(new Error('down')),
      delete: (key) => inner.delete(key),
    };
    const tokens = createTokenManager({
      ...base,
      fetch: server.fetch,
      store: flaky,
      whenStoreUnavailable: 'wait',
      storeWaitMs: 5_000,
    });
    await expect(tokens.getAccessToken()).resolves.toMatch(/^opaque-/);
    expect(server.count()).toBe(1);
  });
});

describe('a dead refresh token', () => {
  it.each([
    ['an empty 400', { status: 400, body: '' }],
    ['an empty 401', { status: 401, body: '' }],
    ['a 400 invalid_grant', { status: 400, body: { error: 'invalid_grant' } }],
  ])(
    'answered with %s is dropped, never sent again, and the password grant logs in once',
    async (_, refusal) => {
      const server = scriptedEndpoint((request, index) =>
        request.params.get('grant_type') === 'refresh_token'
          ? refusal
          : tokenReply({ refresh_token: `rt-${index}`, expires_in: 3600 }),
      );
      const tokens = createTokenManager({
        ...base,
        clientSecret: undefined,
        fetch: server.fetch,
        grant: { type: 'password', username: 'u', password: 'p' },
        logout: false,
      });
      const first = await tokens.getAccessToken();
      tokens.invalidate(first);
      const second = await tokens.getAccessToken();
      expect(second).not.toBe(first);
      expect(server.count('refresh_token')).toBe(1);
      expect(server.count('password')).toBe(2);
      tokens.invalidate(second);
      await tokens.getAccessToken();
      const sent = server.requests.map((r) => r.params.get('refresh_token')).filter(Boolean);
      expect(new Set(sent).size).toBe(sent.length); // no refresh token sent twice
    },
  );
});

describe('sessions in a fleet', () => {
  it('ends the session it opened itself when it adopts another session from the shared store', async () => {
    const server = scriptedEndpoint((request, index) =>
      request.url.pathname === '/logout'
        ? { status: 204 }
        : tokenReply({ refresh_token: `rt-${index}`, expires_in: 3600 }),
    );
    const store = createMemoryStore();
    const options = {
      ...base,
      clientSecret: undefined,
      fetch: server.fetch,
      grant: { type: 'password' as const, username: 'u', password: 'p' },
      logout: { kind: 'keycloak' as const, endpoint: 'https://idp.example.test/logout' },
    };
    const a = createTokenManager({ ...options, store });
    const own = await a.getToken(); // a's own login, in the shared store
    // Meanwhile b logged in alone (the store was down) and its session then landed in the store.
    const b = createTokenManager({ ...options, store: createMemoryStore() });
    const other = await b.getToken();
    expect(other.sessionId).not.toBe(own.sessionId);
    await store.set(a.flightKey, other, 60_000);
    a.invalidate(own.accessToken); // a 401: a looks again and adopts the shared session
    expect(await a.getAccessToken()).toBe(other.accessToken);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const logouts = server.requests.filter((r) => r.url.pathname === '/logout');
    expect(logouts.map((r) => r.params.get('refresh_token'))).toEqual([own.refreshToken]);
    // Disposing a ends the shared session it now holds, once; a's own is not ended twice.
    await a.dispose();
    const after = server.requests.filter((r) => r.url.pathname === '/logout');
    expect(after.map((r) => r.params.get('refresh_token'))).toEqual([
      own.refreshToken,
      other.refreshToken,
    ]);
    await b.dispose();
  });
});
