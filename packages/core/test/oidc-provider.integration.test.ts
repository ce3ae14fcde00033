import { type OidcServer, startOidcServer } from '@tokenkeeper/test-utils';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTokenManager } from '../src/index.ts';

let server: OidcServer;
beforeAll(async () => {
  server = await startOidcServer({ accessTokenTtl: 60 });
});
afterAll(async () => {
  await server?.close();
});
beforeEach(() => {
  server.resetStats();
  server.setOutage(false);
  server.setLatencyMs(0);
});

describe('against a real oidc-provider', () => {
  it('gets a client_credentials JWT that the resource side accepts, expiring at its exp', async () => {
    const tokens = createTokenManager({
      tokenEndpoint: server.tokenEndpoint,
      clientId: server.client.clientId,
      clientSecret: server.client.clientSecret,
      params: { resource: server.audience },
      logout: false,
    });
    const token = await tokens.getToken();
    expect(await server.verifyAccessToken(token.accessToken)).toBe(true);
    const { exp } = decodeJwt(token.accessToken);
    expect(Math.abs(token.expiresAt - exp! * 1000)).toBeLessThan(2_000);
    await tokens.dispose();
  });

  it('discovers the endpoints from the issuer, authenticates with client_secret_basic and revokes on dispose', async () => {
    const tokens = createTokenManager({
      issuer: server.issuer,
      clientId: server.basicClient.clientId,
      clientSecret: server.basicClient.clientSecret,
      clientAuthentication: 'client_secret_basic',
      params: { resource: server.audience },
    });
    const accessToken = await tokens.getAccessToken();
    await tokens.dispose();
    expect(server.stats().revocations).toBe(1);
    expect(await server.verifyAccessToken(accessToken)).toBe(false);
  });

  it('makes one token request for 10,000 concurrent callers, and one after every token was revoked', async () => {
    const tokens = createTokenManager({
      tokenEndpoint: server.tokenEndpoint,
      clientId: server.client.clientId,
      clientSecret: server.client.clientSecret,
      params: { resource: server.audience },
      logout: false,
    });
    const cold = await Promise.all(Array.from({ length: 10_000 }, () => tokens.getAccessToken()));
    expect(server.stats().tokenRequests).toBe(1);
    expect(new Set(cold).size).toBe(1);

    server.revokeAll();
    expect(await server.verifyAccessToken(cold[0]!)).toBe(false);
    const renewed = await Promise.all(
      cold.map((rejected) => {
        tokens.invalidate(rejected);
        return tokens.getAccessToken();
      }),
    );
    expect(server.stats().tokenRequests).toBe(2);
    expect(await server.verifyAccessToken(renewed[0]!)).toBe(true);
  });

  it('logs in with a password, refreshes with the rotated refresh token, and revokes the session on dispose', async () => {
    const tokens = createTokenManager({
      issuer: server.issuer,
      clientId: server.publicClient.clientId,
      grant: { type: 'password', ...server.user },
      params: { resource: server.audience },
    });
    const first = await tokens.getToken();
    expect(first.refreshToken).toBeTypeOf('string');
    tokens.invalidate(first.accessToken);
    const second = await tokens.getToken();
    tokens.invalidate(second.accessToken);
    const third = await tokens.getToken();
    expect(server.stats().byGrant).toEqual({ password: 1, refresh_token: 2 });
    expect(new Set([first.refreshToken, second.refreshToken, third.refreshToken]).size).toBe(3);
    await tokens.dispose();
    expect(server.stats().revocations).toBe(1);
  });

  it('rides out a 3 s outage: one flight, at most 5 hits, a token for each of 200 waiters', async () => {
    const tokens = createTokenManager({
      tokenEndpoint: server.tokenEndpoint,
      clientId: server.client.clientId,
      clientSecret: server.client.clientSecret,
      params: { resource: server.audience },
      logout: false,
    });
    server.setOutage(500);
    setTimeout(() => server.setOutage(false), 3_000).unref();
    // Default backoff: 850 ms, then 880 ms (−5% jitter): attempts at 0, ~0.85, ~1.7, ~2.6 s, the 5th at ~3.4 s, after the outage.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 200 }, () => tokens.getAccessToken()),
    );
    const hits = server.stats().tokenRequests;
    expect(hits).toBeGreaterThanOrEqual(4);
    expect(hits).toBeLessThanOrEqual(5);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(200);
    expect(await server.verifyAccessToken(await tokens.getAccessToken())).toBe(true);
  });

  it('keeps handing out a still-valid token while its background refresh meets an outage', async () => {
    const shortLived = await startOidcServer({ accessTokenTtl: 3 });
    try {
      const events: string[] = [];
      const tokens = createTokenManager({
        tokenEndpoint: shortLived.tokenEndpoint,
        clientId: shortLived.client.clientId,
        clientSecret: shortLived.client.clientSecret,
        params: { resource: shortLived.audience },
        refreshWindowMs: 2_000, // capped at half the 3 s lifetime: refresh is due from 1.5 s on
        retry: { retries: 0 },
        logout: false,
        onEvent: (event) => events.push(event.type),
      });
      const token = await tokens.getAccessToken();
      await new Promise((resolve) => setTimeout(resolve, 1_600));
      shortLived.setOutage(503);
      for (let i = 0; i < 20; i++) {
        expect(await tokens.getAccessToken()).toBe(token);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(events).toContain('refresh_failed');
      expect(shortLived.stats().tokenRequests).toBe(2); // the first, and one failed background refresh
      shortLived.setOutage(false);
    } finally {
      await shortLived.close();
    }
  });
});
