import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeycloakFixture, startSeedFixture } from '../src/index.ts';

let kc: KeycloakFixture;
beforeAll(async () => {
  kc = await startSeedFixture('keycloak', { ttl: 5 });
});
afterAll(() => kc.close());

const form = (url: string, params: Record<string, string>) =>
  fetch(url, { method: 'POST', body: new URLSearchParams(params) });
const login = () =>
  form(kc.tokenEndpoint, {
    client_id: kc.clientId,
    grant_type: 'password',
    username: kc.username,
    password: kc.password,
  });
const logout = (refreshToken: string) =>
  form(kc.logoutEndpoint, { client_id: kc.clientId, refresh_token: refreshToken });

describe('keycloak fixture (seed 002)', () => {
  it('serves the realm discovery document', async () => {
    const doc = await (await fetch(`${kc.issuer}/.well-known/openid-configuration`)).json();
    expect(doc).toMatchObject({
      issuer: kc.issuer,
      token_endpoint: kc.tokenEndpoint,
      end_session_endpoint: kc.logoutEndpoint,
    });
    expect(kc.tokenEndpoint).toMatch(/\/auth\/realms\/master\/protocol\/openid-connect\/token$/);
  });

  it('logs in with the seed form and answers the seed response shape', async () => {
    const res = await login();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual([
      'access_token',
      'expires_in',
      'not-before-policy',
      'refresh_expires_in',
      'refresh_token',
      'scope',
      'session_state',
      'token_type',
    ]);
    expect(body).toMatchObject({
      token_type: 'bearer',
      scope: 'openid',
      expires_in: 5,
      'not-before-policy': 0,
    });
    expect(await kc.verifyAccessToken(body.access_token)).toBe(true);
    expect(kc.requests.at(-1)?.headers['content-type']).toBe(
      'application/x-www-form-urlencoded;charset=UTF-8',
    );
    expect((await logout(body.refresh_token)).status).toBe(204);
  });

  it('refuses a JSON body with 400', async () => {
    const res = await fetch(kc.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: kc.clientId,
        grant_type: 'password',
        username: kc.username,
        password: kc.password,
      }),
    });
    expect(res.status).toBe(400);
  });

  it('answers 401 invalid_grant to wrong user credentials', async () => {
    const res = await form(kc.tokenEndpoint, {
      client_id: kc.clientId,
      grant_type: 'password',
      username: kc.username,
      password: 'x',
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid user credentials',
    });
  });

  it('rotates the refresh token within the same session and refuses the old one', async () => {
    const first = await (await login()).json();
    const refresh = (token: string) =>
      form(kc.tokenEndpoint, {
        client_id: kc.clientId,
        grant_type: 'refresh_token',
        refresh_token: token,
      });
    const second = await (await refresh(first.refresh_token)).json();
    expect(second.session_state).toBe(first.session_state);
    const reused = await refresh(first.refresh_token);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid refresh token',
    });
    expect((await logout(second.refresh_token)).status).toBe(204);
  });

  it('lets only one of two refreshes racing with the same refresh token succeed', async () => {
    const first = await (await login()).json();
    const refresh = () =>
      form(kc.tokenEndpoint, {
        client_id: kc.clientId,
        grant_type: 'refresh_token',
        refresh_token: first.refresh_token,
      });
    const answers = await Promise.all([refresh(), refresh(), refresh()]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 400, 400]);
    const winner = await answers.find((r) => r.status === 200)!.json();
    expect((await logout(winner.refresh_token)).status).toBe(204);
  });

  it('keeps every refresh token of a live session working with rotateRefreshTokens: false', async () => {
    const lenient = await startSeedFixture('keycloak', { ttl: 5, rotateRefreshTokens: false });
    try {
      const call = (params: Record<string, string>) =>
        form(lenient.tokenEndpoint, { client_id: lenient.clientId, ...params });
      const first = await (
        await call({
          grant_type: 'password',
          username: lenient.username,
          password: lenient.password,
        })
      ).json();
      const refresh = (token: string) =>
        call({ grant_type: 'refresh_token', refresh_token: token });
      const second = await (await refresh(first.refresh_token)).json();
      expect(second.session_state).toBe(first.session_state);
      expect((await refresh(first.refresh_token)).status).toBe(200);
      expect(lenient.stats().liveSessions).toBe(1);
      const end = await form(lenient.logoutEndpoint, {
        client_id: lenient.clientId,
        refresh_token: first.refresh_token,
      });
      expect(end.status).toBe(204);
      expect(lenient.stats().liveSessions).toBe(0);
    } finally {
      await lenient.close();
    }
  });

  it('refuses a sixth concurrent session, counts logouts, and ends sessions on logout', async () => {
    kc.resetStats();
    const sessions = await Promise.all(
      Array.from({ length: 5 }, async () => (await login()).json()),
    );
    const sixth = await login();
    expect(sixth.status).toBe(400);
    expect(await sixth.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Session limit exceeded',
    });
    expect(kc.stats()).toMatchObject({ liveSessions: 5, maxLiveSessions: 5 });

    for (const session of sessions) expect((await logout(session.refresh_token)).status).toBe(204);
    expect(await kc.verifyAccessToken(sessions[0].access_token)).toBe(false);
    const again = await logout(sessions[0].refresh_token);
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid refresh token',
    });
    expect(kc.stats()).toMatchObject({ logouts: 5, liveSessions: 0, byGrant: { password: 6 } });
    expect((await login()).status).toBe(200);
  });

  it('answers the outage status and counts it', async () => {
    kc.resetStats();
    kc.setOutage(503);
    expect((await login()).status).toBe(503);
    kc.setOutage(false);
    expect(kc.stats()).toMatchObject({ tokenRequests: 1, byGrant: { password: 1 } });
  });
});
