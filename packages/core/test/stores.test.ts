import { describe, expect, it } from 'vitest';
import {
  createMemoryStore,
  createTokenManager,
  type TokenManagerEvent,
  type TokenSet,
  type TokenStore,
} from '../src/index.ts';
import { endpoint, scriptedEndpoint, tokenReply } from './scripted-endpoint.ts';

const base = { tokenEndpoint: endpoint, clientId: 'c', clientSecret: 'secret-1' };

describe('token stores', () => {
  it('lets managers with the same flight key share one token through a shared store', async () => {
    const server = scriptedEndpoint(() => tokenReply());
    const store = createMemoryStore();
    const a = createTokenManager({ ...base, fetch: server.fetch, store });
    const b = createTokenManager({ ...base, fetch: server.fetch, store });
    const [fromA, fromB] = [await a.getAccessToken(), await b.getAccessToken()];
    expect(fromA).toBe(fromB);
    expect(server.count()).toBe(1);
  });

  it('keeps managers that differ in scope apart even with a shared store', async () => {
    const server = scriptedEndpoint(() => tokenReply());
    const store = createMemoryStore();
    const read = createTokenManager({ ...base, scope: 'read', fetch: server.fetch, store });
    const write = createTokenManager({ ...base, scope: 'write', fetch: server.fetch, store });
    expect(await read.getAccessToken()).not.toBe(await write.getAccessToken());
    expect(server.count()).toBe(2);
  });

  it('takes up a token a sibling refreshed instead of refreshing again after a 401', async () => {
    const server = scriptedEndpoint(() => tokenReply());
    const store = createMemoryStore();
    const a = createTokenManager({ ...base, fetch: server.fetch, store });
    const b = createTokenManager({ ...base, fetch: server.fetch, store });
    const old = await a.getAccessToken();
    await b.getAccessToken();
    a.invalidate(old);
    const renewed = await a.getAccessToken();
    b.invalidate(old);
    expect(await b.getAccessToken()).toBe(renewed);
    expect(server.count()).toBe(2);
  });

  it('goes on without a store that fails, says so once, and says when it recovers', async () => {
    const server = scriptedEndpoint(() => tokenReply({ expires_in: 0 }));
    const events: TokenManagerEvent[] = [];
    let down = true;
    const entries = new Map<string, TokenSet>();
    const flaky: TokenStore = {
      get: async (key) => {
        if (down) throw new Error('ECONNREFUSED');
        return entries.get(key);
      },
      set: async (key, token) => {
        if (down) throw new Error('ECONNREFUSED');
        entries.set(key, token);
      },
      delete: async (key) => {
        entries.delete(key);
      },
      lock: async () => {
        if (down) throw new Error('ECONNREFUSED');
        return async () => {};
      },
    };
    const tokens = createTokenManager({
      ...base,
      fetch: server.fetch,
      store: flaky,
      onEvent: (e) => events.push(e),
    });
    await expect(tokens.getAccessToken()).resolves.toMatch(/^opaque-/);
    await expect(tokens.getAccessToken()).resolves.toMatch(/^opaque-/);
    expect(events.filter((e) => e.type === 'store_unavailable')).toHaveLength(1);
    down = false;
    await tokens.getAccessToken();
    expect(events.filter((e) => e.type === 'store_recovered')).toHaveLength(1);
    expect(entries.size).toBe(1);
  });

  it('takes the store lock around a refresh and re-reads the store under it', async () => {
    const server = scriptedEndpoint(() => tokenReply());
    const calls: string[] = [];
    const memory = createMemoryStore();
    const store: TokenStore = {
      get: (key) => {
        calls.push('get');
        return memory.get(key);
      },
      set: (key, token, ttl) => {
        calls.push(`set:${ttl > 3_000_000}`);
        return memory.set(key, token, ttl);
      },
      delete: (key) => memory.delete(key),
      lock: async (_key, { leaseMs, waitMs }) => {
        calls.push(`lock:${leaseMs > 0 && waitMs >= leaseMs}`);
        return async () => {
          calls.push('release');
        };
      },
    };
    const tokens = createTokenManager({ ...base, fetch: server.fetch, store, logout: false });
    await tokens.getAccessToken();
    expect(calls).toEqual(['get', 'lock:true', 'get', 'set:true', 'release']);
    await tokens.dispose();
    // Without a logout the stored token is still good for the managers that share the store.
    expect(await memory.get(tokens.flightKey)).toBeDefined();
  });

  it('logs out the newest token set in a shared store on dispose, and removes it', async () => {
    const server = scriptedEndpoint((request, index) =>
      request.url.pathname === '/revoke'
        ? { status: 200, body: '' }
        : tokenReply({ refresh_token: `rt-${index}` }),
    );
    const store = createMemoryStore();
    const logout = { kind: 'revocation' as const, endpoint: 'https://idp.example.test/revoke' };
    const a = createTokenManager({ ...base, fetch: server.fetch, store, logout });
    const b = createTokenManager({ ...base, fetch: server.fetch, store, logout });
    const first = await a.getAccessToken();
    await b.getAccessToken();
    b.invalidate(first);
    await b.getAccessToken(); // b refreshes: the store now holds rt-1, a still holds rt-0
    await a.dispose();
    expect(server.requests.at(-1)?.params.get('token')).toBe('rt-1');
    expect(await store.get(a.flightKey)).toBeUndefined();
  });
});
