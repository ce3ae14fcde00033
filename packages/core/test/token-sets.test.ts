import { describe, expect, it } from 'vitest';
import { createMemoryStore, createTokenManager, type TokenManagerEvent } from '../src/index.ts';
import { endpoint, scriptedEndpoint, tokenReply } from './scripted-endpoint.ts';

const base = { tokenEndpoint: endpoint, clientId: 'c', clientSecret: 's' };

// Tokens that name what they were issued for, so a mix-up cannot go unseen.
const namingServer = () =>
  scriptedEndpoint((request, index) => ({
    delayMs: 5,
    body: {
      access_token: `t${index}:${request.params.get('scope') ?? '-'}:${request.params.get('audience') ?? '-'}:${request.params.get('resource') ?? '-'}`,
      token_type: 'Bearer',
      expires_in: 3600,
    },
  }));

describe('token sets per request', () => {
  it('gives 10,000 interleaved callers over 5 parameter sets exactly 5 token requests and never another set’s token', async () => {
    const server = namingServer();
    const tokens = createTokenManager({ ...base, fetch: server.fetch, scope: 'base' });
    const sets: Array<Record<string, string | undefined>> = [
      {},
      { scope: 'orders:read' },
      { scope: 'orders:write' },
      { audience: 'https://api.example' },
      { resource: 'https://res.example/' },
    ];
    const expected = (set: Record<string, string | undefined>) =>
      `${set.scope ?? 'base'}:${set.audience ?? '-'}:${set.resource ?? '-'}`;
    const calls = Array.from({ length: 10_000 }, (_, i) => sets[i % 5]!);
    const results = await Promise.all(calls.map((set) => tokens.getAccessToken(set)));
    const mismatches = results.filter((token, i) => !token.endsWith(expected(calls[i]!)));
    expect(mismatches).toHaveLength(0);
    expect(server.count()).toBe(5);
  });

  it('treats parameters equal to the manager’s own as its own set', async () => {
    const server = namingServer();
    const tokens = createTokenManager({ ...base, fetch: server.fetch, scope: 'base' });
    const [a, b] = await Promise.all([
      tokens.getAccessToken(),
      tokens.getAccessToken({ scope: 'base' }),
    ]);
    expect(a).toBe(b);
    expect(server.count()).toBe(1);
  });

  it('invalidates only the set whose token a server refused', async () => {
    const server = namingServer();
    const tokens = createTokenManager({ ...base, fetch: server.fetch });
    const a = await tokens.getAccessToken({ scope: 'a' });
    const b = await tokens.getAccessToken({ scope: 'b' });
    tokens.invalidate(a);
    expect(await tokens.getAccessToken({ scope: 'b' })).toBe(b);
    expect(await tokens.getAccessToken({ scope: 'a' })).not.toBe(a);
    expect(server.count()).toBe(3);
  });

  it('keeps at most maxTokenSets sets, drops the least recently used and revokes its token', async () => {
    const server = scriptedEndpoint((request, index) =>
      request.url.pathname === '/revoke' ? { status: 200, body: '' } : tokenReply({ n: index }),
    );
    const tokens = createTokenManager({
      ...base,
      fetch: server.fetch,
      maxTokenSets: 3,
      logout: { kind: 'revocation', endpoint: 'https://idp.example.test/revoke' },
    });
    await tokens.getAccessToken(); // the manager's own set, never dropped
    const one = await tokens.getAccessToken({ scope: 'one' });
    await tokens.getAccessToken({ scope: 'two' });
    await tokens.getAccessToken({ scope: 'one' }); // 'one' is now the most recently used
    await tokens.getAccessToken({ scope: 'three' }); // drops 'two'
    await new Promise((resolve) => setTimeout(resolve, 20));
    const revoked = server.requests.filter((r) => r.url.pathname === '/revoke');
    expect(revoked).toHaveLength(1);
    expect(await tokens.getAccessToken({ scope: 'one' })).toBe(one); // still kept
    const before = server.count('client_credentials');
    await tokens.getAccessToken({ scope: 'two' }); // dropped: a new token request
    expect(server.count('client_credentials')).toBe(before + 1);
    await tokens.dispose();
  });

  it('obtains a password-grant set for other parameters with the refresh token: one session for three scopes', async () => {
    const server = scriptedEndpoint((request, index) =>
      request.url.pathname === '/logout'
        ? { status: 204 }
        : tokenReply({
            refresh_token: `rt-${index}`,
            scope: request.params.get('scope') ?? 'base',
          }),
    );
    const tokens = createTokenManager({
      ...base,
      clientSecret: undefined,
      fetch: server.fetch,
      grant: { type: 'password', username: 'u', password: 'p' },
      logout: { kind: 'keycloak', endpoint: 'https://idp.example.test/logout' },
    });
    await tokens.getToken();
    await tokens.getToken({ scope: 'a' });
    await tokens.getToken({ scope: 'b' });
    expect(server.count('password')).toBe(1);
    expect(server.count('refresh_token')).toBe(2);
    const refreshes = server.requests.filter((r) => r.params.get('grant_type') === 'refresh_token');
    expect(refreshes.map((r) => r.params.get('scope'))).toEqual(['a', 'b']);
    // Each refresh used the newest (rotated) refresh token of the one session.
    expect(refreshes.map((r) => r.params.get('refresh_token'))).toEqual(['rt-0', 'rt-1']);
    await tokens.dispose();
    const logouts = server.requests.filter((r) => r.url.pathname === '/logout');
    expect(logouts).toHaveLength(1);
    expect(logouts[0]?.params.get('refresh_token')).toBe('rt-2');
  });

  it('names the set in events of per-request sets, by a hash that holds no secret', async () => {
    const events: TokenManagerEvent[] = [];
    const server = namingServer();
    const tokens = createTokenManager({
      ...base,
      fetch: server.fetch,
      onEvent: (e) => events.push(e),
    });
    await tokens.getAccessToken({ scope: 'x' });
    const acquired = events.find((e) => e.type === 'token_acquired');
    expect(acquired).toMatchObject({ set: expect.stringMatching(/^[0-9a-f]+$/) });
    expect(JSON.stringify(events)).not.toContain('"s"');
  });

  it('refuses parameters that are not non-empty strings with a typed error', async () => {
    const tokens = createTokenManager({ ...base, fetch: namingServer().fetch });
    await expect(tokens.getToken({ scope: 42 as unknown as string })).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTIONS',
    });
    await expect(tokens.getToken({ resource: '' })).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTIONS',
    });
  });

  it('shares each set through a shared store, under its own key', async () => {
    const store = createMemoryStore();
    const server = namingServer();
    const a = createTokenManager({ ...base, fetch: server.fetch, store });
    const b = createTokenManager({ ...base, fetch: server.fetch, store });
    const fromA = await a.getAccessToken({ scope: 'x' });
    expect(await b.getAccessToken({ scope: 'x' })).toBe(fromA);
    expect(await b.getAccessToken({ scope: 'y' })).not.toBe(fromA);
    expect(server.count()).toBe(2);
  });
});
