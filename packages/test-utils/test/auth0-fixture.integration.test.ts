import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Auth0Fixture, startSeedFixture } from '../src/index.ts';

let fx: Auth0Fixture;
beforeAll(async () => {
  fx = await startSeedFixture('auth0', { ttl: 5 });
});
afterAll(() => fx.close());

const postJson = (url: string, body: unknown, contentType = 'application/json') =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: JSON.stringify(body),
  });
const seedBody = () => ({
  client_id: fx.clientId,
  client_secret: fx.clientSecret,
  audience: fx.audience,
  grant_type: 'client_credentials',
});

describe('auth0 fixture (seed 001)', () => {
  it('issues a token for the seed JSON request and logs the raw body', async () => {
    const res = await postJson(fx.tokenEndpoint, seedBody());
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 5 });
    expect(await fx.verifyAccessToken(body.access_token)).toBe(true);
    expect(JSON.parse(fx.requests.at(-1)?.body ?? '')).toEqual(seedBody());
  });

  it('refuses a form-encoded request with an OAuth error', async () => {
    const res = await fetch(fx.tokenEndpoint, {
      method: 'POST',
      body: new URLSearchParams(seedBody()),
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('answers 403 access_denied when the audience is missing', async () => {
    const { audience: _, ...withoutAudience } = seedBody();
    const res = await postJson(fx.tokenEndpoint, withoutAudience);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: 'access_denied' });
  });

  it('answers 401 to a wrong secret', async () => {
    const res = await postJson(fx.tokenEndpoint, { ...seedBody(), client_secret: 'x' });
    expect(res.status).toBe(401);
  });

  it('revokes a token through /oauth/revoke, JSON or form', async () => {
    const { access_token } = await (await postJson(fx.tokenEndpoint, seedBody())).json();
    const res = await postJson(fx.revocationEndpoint, {
      client_id: fx.clientId,
      client_secret: fx.clientSecret,
      token: access_token,
    });
    expect(res.status).toBe(200);
    expect(await fx.verifyAccessToken(access_token)).toBe(false);
    const form = await fetch(fx.revocationEndpoint, {
      method: 'POST',
      body: new URLSearchParams({
        client_id: fx.clientId,
        client_secret: fx.clientSecret,
        token: 'x',
      }),
    });
    expect(form.status).toBe(200);
    expect(fx.stats().revocations).toBe(2);
  });
});
