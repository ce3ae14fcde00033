import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OidcServer, startOidcServer } from '../src/index.ts';

let idp: OidcServer;
beforeAll(async () => {
  idp = await startOidcServer({ accessTokenTtl: 5 });
});
afterAll(() => idp.close());
beforeEach(() => {
  idp.setOutage(false);
  idp.resetStats();
});

const post = (url: string, params: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers, body: new URLSearchParams(params) });

const clientCredentials = () =>
  post(idp.tokenEndpoint, {
    grant_type: 'client_credentials',
    client_id: idp.client.clientId,
    client_secret: idp.client.clientSecret,
  });

const passwordLogin = () =>
  post(idp.tokenEndpoint, {
    grant_type: 'password',
    client_id: idp.publicClient.clientId,
    username: idp.user.username,
    password: idp.user.password,
  });

describe('startOidcServer', () => {
  it('publishes loopback http endpoints in its discovery document', async () => {
    const discovery = await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json();
    expect(discovery.issuer).toBe(idp.issuer);
    expect(discovery.token_endpoint).toBe(idp.tokenEndpoint);
    expect(discovery.revocation_endpoint).toBe(idp.revocationEndpoint);
    expect(idp.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('issues a JWT access token for client_credentials that verifyAccessToken accepts', async () => {
    const res = await clientCredentials();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 5 });
    expect(decodeJwt(body.access_token)).toMatchObject({
      aud: idp.audience,
      client_id: idp.client.clientId,
    });
    expect(await idp.verifyAccessToken(body.access_token)).toBe(true);
    expect(await idp.verifyAccessToken(`${body.access_token}x`)).toBe(false);
    expect(idp.stats().byGrant).toEqual({ client_credentials: 1 });
  });

  it('accepts client_secret_basic for the basic client', async () => {
    const { clientId, clientSecret } = idp.basicClient;
    const res = await post(
      idp.tokenEndpoint,
      { grant_type: 'client_credentials' },
      { authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}` },
    );
    expect(res.status).toBe(200);
  });

  it('rejects a wrong client secret with 401 invalid_client', async () => {
    const res = await post(idp.tokenEndpoint, {
      grant_type: 'client_credentials',
      client_id: idp.client.clientId,
      client_secret: 'wrong',
    });
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe('invalid_client');
  });

  it('runs the password grant, then rotates the refresh token with the refresh_token grant', async () => {
    const login = await (await passwordLogin()).json();
    expect(login.refresh_token).toEqual(expect.any(String));
    expect(await idp.verifyAccessToken(login.access_token)).toBe(true);

    const refresh = () =>
      post(idp.tokenEndpoint, {
        grant_type: 'refresh_token',
        client_id: idp.publicClient.clientId,
        refresh_token: login.refresh_token,
      });
    const first = await refresh();
    expect(first.status).toBe(200);
    const rotated = await first.json();
    expect(rotated.refresh_token).not.toBe(login.refresh_token);
    expect(await idp.verifyAccessToken(rotated.access_token)).toBe(true);

    const reused = await refresh();
    expect(reused.status).toBe(400);
    expect((await reused.json()).error).toBe('invalid_grant');
  });

  it('rejects wrong resource owner credentials with invalid_grant', async () => {
    const res = await post(idp.tokenEndpoint, {
      grant_type: 'password',
      client_id: idp.publicClient.clientId,
      username: idp.user.username,
      password: 'nope',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_grant');
  });

  it('answers 200 on the revocation endpoint and then rejects the revoked access token', async () => {
    const { access_token } = await (await clientCredentials()).json();
    const res = await post(idp.revocationEndpoint, {
      token: access_token,
      client_id: idp.client.clientId,
      client_secret: idp.client.clientSecret,
    });
    expect(res.status).toBe(200);
    expect(await idp.verifyAccessToken(access_token)).toBe(false);
    expect(idp.stats().revocations).toBe(1);
  });

  it('revokes a refresh token through the revocation endpoint', async () => {
    const login = await (await passwordLogin()).json();
    const res = await post(idp.revocationEndpoint, {
      token: login.refresh_token,
      client_id: idp.publicClient.clientId,
    });
    expect(res.status).toBe(200);
    const refresh = await post(idp.tokenEndpoint, {
      grant_type: 'refresh_token',
      client_id: idp.publicClient.clientId,
      refresh_token: login.refresh_token,
    });
    expect(refresh.status).toBe(400);
  });

  it('revokeAll rejects tokens issued before it and accepts tokens issued right after', async () => {
    const before = (await (await clientCredentials()).json()).access_token;
    idp.revokeAll();
    const after = (await (await clientCredentials()).json()).access_token;
    expect(await idp.verifyAccessToken(before)).toBe(false);
    expect(await idp.verifyAccessToken(after)).toBe(true);
  });

  it('answers the outage status until the outage is switched off, counting every request', async () => {
    idp.setOutage(503);
    const down = await clientCredentials();
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ error: 'temporarily_unavailable' });
    idp.setOutage(false);
    expect((await clientCredentials()).status).toBe(200);
    expect(idp.stats()).toMatchObject({ tokenRequests: 2, byGrant: { client_credentials: 2 } });
  });

  it('delays token responses by the configured latency', async () => {
    idp.setLatencyMs(150);
    const started = performance.now();
    await clientCredentials();
    idp.setLatencyMs(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('is driven over HTTP through /__admin routes', async () => {
    await fetch(`${idp.url}/__admin/outage`, {
      method: 'POST',
      body: JSON.stringify({ status: 429 }),
    });
    expect((await clientCredentials()).status).toBe(429);
    await fetch(`${idp.url}/__admin/outage`, {
      method: 'POST',
      body: JSON.stringify({ status: false }),
    });
    const token = (await (await clientCredentials()).json()).access_token;
    await fetch(`${idp.url}/__admin/revoke-all`, { method: 'POST' });
    expect(await idp.verifyAccessToken(token)).toBe(false);
    const stats = await (await fetch(`${idp.url}/__admin/stats`)).json();
    expect(stats).toMatchObject({ tokenRequests: 2 });
  });
});
