import { describe, expect, it } from 'vitest';
import { createTokenManager, TokenEndpointError, TokenManagerDisposedError } from '../src/index.ts';
import { endpoint, type Reply, scriptedEndpoint, tokenReply } from './scripted-endpoint.ts';

const logoutEndpoint = 'https://idp.example.test/logout';
const revokeEndpoint = 'https://idp.example.test/revoke';

describe('dispose', () => {
  it('logs out the Keycloak session it holds with client_id and refresh_token', async () => {
    const server = scriptedEndpoint((request) =>
      request.url.pathname === '/logout'
        ? { status: 204, body: '' }
        : tokenReply({ refresh_token: 'rt-1' }),
    );
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'ocp',
      grant: { type: 'password', username: 'user-1', password: 'password-1' },
      logout: { kind: 'keycloak', endpoint: logoutEndpoint },
      fetch: server.fetch,
    });
    await tokens.getAccessToken();
    await tokens.dispose();
    const logout = server.requests[1]!;
    expect(logout.method).toBe('POST');
    expect(logout.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(logout.body).toBe('client_id=ocp&refresh_token=rt-1');
  });

  it('revokes the refresh token, else the access token, with a hint (RFC 7009), authenticated like token calls', async () => {
    const server = scriptedEndpoint((request) =>
      request.url.pathname === '/revoke' ? { status: 200, body: '' } : tokenReply(),
    );
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'c',
      clientSecret: 's3cret',
      clientAuthentication: 'client_secret_basic',
      logout: { kind: 'revocation', endpoint: revokeEndpoint },
      fetch: server.fetch,
    });
    const accessToken = await tokens.getAccessToken();
    await tokens.dispose();
    const revoke = server.requests[1]!;
    expect(revoke.params.get('token')).toBe(accessToken);
    expect(revoke.params.get('token_type_hint')).toBe('access_token');
    expect(revoke.headers.get('authorization')).toBe(`Basic ${btoa('c:s3cret')}`);
  });

  it('waits for a refresh in flight and logs out the session it opened', async () => {
    let release!: (reply: Reply) => void;
    const server = scriptedEndpoint((request) =>
      request.url.pathname === '/logout'
        ? { status: 204, body: '' }
        : new Promise<Reply>((resolve) => (release = resolve)),
    );
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'ocp',
      grant: { type: 'password', username: 'user-1', password: 'password-1' },
      logout: { kind: 'keycloak', endpoint: logoutEndpoint },
      fetch: server.fetch,
    });
    const waiter = tokens.getAccessToken();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const disposed = tokens.dispose();
    await expect(waiter).rejects.toBeInstanceOf(TokenManagerDisposedError);
    release(tokenReply({ refresh_token: 'rt-in-flight' }));
    await disposed;
    expect(server.requests.at(-1)?.body).toBe('client_id=ocp&refresh_token=rt-in-flight');
  });

  it('stops retrying a failing flight on dispose instead of waiting out the backoff', async () => {
    const server = scriptedEndpoint(() => ({ status: 503 }));
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'c',
      clientSecret: 's',
      fetch: server.fetch,
      logout: false,
    });
    const waiter = tokens.getAccessToken().catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = Date.now();
    await tokens.dispose();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await waiter).toBeInstanceOf(TokenManagerDisposedError);
    const hits = server.count();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(server.count()).toBe(hits);
  });

  it('rejects with the logout error when logout fails, stays disposed, and is idempotent', async () => {
    const server = scriptedEndpoint((request) =>
      request.url.pathname === '/logout'
        ? { status: 401, body: { error: 'unauthorized_client' } }
        : tokenReply({ refresh_token: 'rt' }),
    );
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'ocp',
      grant: { type: 'password', username: 'user-1', password: 'password-1' },
      logout: { kind: 'keycloak', endpoint: logoutEndpoint },
      fetch: server.fetch,
    });
    await tokens.getAccessToken();
    const first = tokens.dispose();
    await expect(first).rejects.toBeInstanceOf(TokenEndpointError);
    await expect(first).rejects.toMatchObject({ status: 401, error: 'unauthorized_client' });
    expect(tokens.dispose()).toBe(first);
    expect(tokens.disposed).toBe(true);
    await expect(tokens.getToken()).rejects.toBeInstanceOf(TokenManagerDisposedError);
    expect(server.requests.filter((r) => r.url.pathname === '/logout')).toHaveLength(1);
  });

  it('treats invalid_grant at logout as a session that has already ended', async () => {
    const server = scriptedEndpoint((request) =>
      request.url.pathname === '/logout'
        ? {
            status: 400,
            body: { error: 'invalid_grant', error_description: 'Invalid refresh token' },
          }
        : tokenReply({ refresh_token: 'rt' }),
    );
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'ocp',
      grant: { type: 'password', username: 'user-1', password: 'password-1' },
      logout: { kind: 'keycloak', endpoint: logoutEndpoint },
      fetch: server.fetch,
    });
    await tokens.getAccessToken();
    await expect(tokens.dispose()).resolves.toBeUndefined();
  });

  it('supports `await using`', async () => {
    const server = scriptedEndpoint((request) =>
      request.url.pathname === '/revoke' ? { status: 200, body: '' } : tokenReply(),
    );
    {
      await using tokens = createTokenManager({
        tokenEndpoint: endpoint,
        clientId: 'c',
        clientSecret: 's',
        logout: { kind: 'revocation', endpoint: revokeEndpoint },
        fetch: server.fetch,
      });
      await tokens.getAccessToken();
    }
    expect(server.requests.map((r) => r.url.pathname)).toEqual(['/oauth/token', '/revoke']);
  });

  it('does nothing on dispose when it never obtained a token', async () => {
    const server = scriptedEndpoint(() => tokenReply());
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'c',
      clientSecret: 's',
      logout: { kind: 'revocation', endpoint: revokeEndpoint },
      fetch: server.fetch,
    });
    await tokens.dispose();
    expect(server.count()).toBe(0);
  });
});
