import {
  type Auth0Fixture,
  type KeycloakFixture,
  type QueryFixture,
  startSeedFixture,
} from '@tokenkeeper/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createTokenManager } from '../src/index.ts';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

describe('seed 000: client credentials in the query string', () => {
  it('sends GET /authorization/oauth/token?grant_type=…&client_id=…&client_secret=… and reads the token', async () => {
    const fixture = (await startSeedFixture('query')) as QueryFixture;
    open.push(fixture);
    const tokens = createTokenManager({
      tokenEndpoint: fixture.tokenEndpoint,
      clientId: fixture.clientId,
      clientSecret: fixture.clientSecret,
      requestStyle: 'query',
      logout: false,
    });
    const token = await tokens.getToken();
    const [request] = fixture.requests;
    expect(request?.method).toBe('GET');
    expect(request?.path).toBe('/authorization/oauth/token');
    expect(request?.query).toBe(
      `grant_type=client_credentials&client_id=${fixture.clientId}&client_secret=${fixture.clientSecret}`,
    );
    expect(request?.body).toBe('');
    expect(token.scope).toBe('Scope');
    expect(token.refreshToken).toBeTypeOf('string');
    expect(await fixture.verifyAccessToken(token.accessToken)).toBe(true);
  });
});

describe('seed 001: Auth0-style JSON with audience', () => {
  it('POSTs {client_id, client_secret, audience, grant_type} as JSON to /oauth/token', async () => {
    const fixture = (await startSeedFixture('auth0')) as Auth0Fixture;
    open.push(fixture);
    const tokens = createTokenManager({
      tokenEndpoint: fixture.tokenEndpoint,
      clientId: fixture.clientId,
      clientSecret: fixture.clientSecret,
      audience: fixture.audience,
      requestStyle: 'json',
      logout: false,
    });
    const token = await tokens.getToken();
    const [request] = fixture.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/oauth/token');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      client_id: fixture.clientId,
      client_secret: fixture.clientSecret,
      audience: fixture.audience,
      grant_type: 'client_credentials',
    });
    expect(await fixture.verifyAccessToken(token.accessToken)).toBe(true);
  });

  it('surfaces a missing audience as a typed 403 access_denied', async () => {
    const fixture = (await startSeedFixture('auth0')) as Auth0Fixture;
    open.push(fixture);
    const tokens = createTokenManager({
      tokenEndpoint: fixture.tokenEndpoint,
      clientId: fixture.clientId,
      clientSecret: fixture.clientSecret,
      requestStyle: 'json',
      logout: false,
    });
    await expect(tokens.getToken()).rejects.toMatchObject({
      code: 'ERR_TOKEN_ENDPOINT',
      status: 403,
      error: 'access_denied',
    });
    expect(fixture.requests).toHaveLength(1);
  });
});

describe('seed 002: Keycloak password grant with refresh and logout', () => {
  async function keycloak(options = {}) {
    const fixture = (await startSeedFixture('keycloak', options)) as KeycloakFixture;
    open.push(fixture);
    const manager = () =>
      createTokenManager({
        tokenEndpoint: fixture.tokenEndpoint,
        clientId: fixture.clientId,
        grant: { type: 'password', username: fixture.username, password: fixture.password },
        logout: { kind: 'keycloak', endpoint: fixture.logoutEndpoint },
      });
    return { fixture, manager };
  }

  it('serves three scopes with one session (refresh token, not new logins) and ends it once on dispose', async () => {
    const { fixture, manager } = await keycloak();
    const tokens = manager();
    const scopes = ['openid', 'profile', 'email'];
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) => tokens.getToken({ scope: scopes[i % 3] })),
    );
    expect(new Set(results.map((token) => token.accessToken)).size).toBe(3);
    expect(fixture.stats().byGrant).toEqual({ password: 1, refresh_token: 2 });
    expect(fixture.stats().liveSessions).toBe(1);
    await tokens.dispose();
    expect(fixture.stats().liveSessions).toBe(0);
  });

  it('logs in with a form POST, refreshes with the refresh token, and logs the session out on dispose', async () => {
    const { fixture, manager } = await keycloak();
    const tokens = manager();
    const first = await tokens.getToken();
    const [login] = fixture.requests;
    expect(login?.method).toBe('POST');
    expect(login?.path).toBe('/auth/realms/master/protocol/openid-connect/token');
    expect(login?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect([...new URLSearchParams(login?.body).keys()].sort()).toEqual([
      'client_id',
      'grant_type',
      'password',
      'username',
    ]);
    expect(first.tokenType).toBe('Bearer'); // the server said "bearer"

    tokens.invalidate(first.accessToken);
    await tokens.getToken();
    expect(fixture.stats().byGrant).toEqual({ password: 1, refresh_token: 1 });
    expect(fixture.stats().liveSessions).toBe(1);

    await tokens.dispose();
    const logout = fixture.requests.at(-1);
    expect(logout?.path).toBe('/auth/realms/master/protocol/openid-connect/logout');
    expect(logout?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect([...new URLSearchParams(logout?.body).keys()]).toEqual(['client_id', 'refresh_token']);
    expect(fixture.stats().liveSessions).toBe(0);
  });

  it('returns to zero live sessions when dispose comes during a refresh', async () => {
    const { fixture, manager } = await keycloak();
    const tokens = manager();
    const first = await tokens.getToken();
    fixture.setLatencyMs(300);
    tokens.invalidate(first.accessToken);
    const refreshing = tokens.getToken().catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await tokens.dispose();
    expect(await refreshing).toMatchObject({ code: 'ERR_TOKEN_MANAGER_DISPOSED' });
    expect(fixture.stats().liveSessions).toBe(0);
  });

  it('returns to zero live sessions when dispose comes during the first login', async () => {
    const { fixture, manager } = await keycloak();
    fixture.setLatencyMs(300);
    const tokens = manager();
    const login = tokens.getToken().catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await tokens.dispose();
    await login;
    expect(fixture.stats().maxLiveSessions).toBe(1);
    expect(fixture.stats().liveSessions).toBe(0);
  });

  it('never exhausts the five-session limit: ten managers in turn, each disposed, and 2,000 concurrent callers on each', async () => {
    const { fixture, manager } = await keycloak();
    for (let i = 0; i < 10; i++) {
      const tokens = manager();
      await Promise.all(Array.from({ length: 2_000 }, () => tokens.getAccessToken()));
      await tokens.dispose();
    }
    expect(fixture.stats().byGrant).toEqual({ password: 10 });
    expect(fixture.stats().maxLiveSessions).toBe(1);
    expect(fixture.stats().liveSessions).toBe(0);
  });

  it('prefers refresh over a new login across many token lifetimes', async () => {
    const { fixture, manager } = await keycloak({ ttl: 1 });
    const tokens = manager();
    const deadline = Date.now() + 3_500;
    while (Date.now() < deadline) {
      await tokens.getAccessToken();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(fixture.stats().byGrant.password).toBe(1);
    expect(fixture.stats().byGrant.refresh_token).toBeGreaterThanOrEqual(2);
    expect(fixture.stats().maxLiveSessions).toBe(1);
    await tokens.dispose();
    expect(fixture.stats().liveSessions).toBe(0);
  });
});
