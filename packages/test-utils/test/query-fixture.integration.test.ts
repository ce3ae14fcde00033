import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type QueryFixture, startSeedFixture } from '../src/index.ts';

let fx: QueryFixture;
beforeAll(async () => {
  fx = await startSeedFixture('query', { ttl: 5 });
});
afterAll(() => fx.close());

const tokenUrl = (params: Record<string, string>) =>
  `${fx.tokenEndpoint}?${new URLSearchParams(params)}`;
const seedRequest = () =>
  fetch(
    tokenUrl({
      grant_type: 'client_credentials',
      client_id: fx.clientId,
      client_secret: fx.clientSecret,
    }),
  );

describe('query fixture (seed 000)', () => {
  it('issues a token for the seed GET with credentials in the query string', async () => {
    const res = await seedRequest();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual([
      'access_token',
      'expires_in',
      'refresh_token',
      'scope',
      'token_type',
    ]);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 5 });
    expect(await fx.verifyAccessToken(body.access_token)).toBe(true);
    expect(await fx.verifyAccessToken(body.refresh_token)).toBe(false);
    const logged = fx.requests.at(-1);
    expect(logged).toMatchObject({ method: 'GET', path: '/authorization/oauth/token', body: '' });
    expect(logged?.query).toContain(`client_secret=${fx.clientSecret}`);
  });

  it('answers 405 to a POST with the parameters in a form body', async () => {
    const res = await fetch(fx.tokenEndpoint, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: fx.clientId,
        client_secret: fx.clientSecret,
      }),
    });
    expect(res.status).toBe(405);
  });

  it('answers 401 invalid_client to a wrong secret', async () => {
    const res = await fetch(
      tokenUrl({ grant_type: 'client_credentials', client_id: fx.clientId, client_secret: 'x' }),
    );
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('rotates refresh tokens: the old one then fails with invalid_grant', async () => {
    const first = await (await seedRequest()).json();
    const refresh = () =>
      fetch(tokenUrl({ grant_type: 'refresh_token', refresh_token: first.refresh_token }));
    const second = await refresh();
    expect(second.status).toBe(200);
    expect((await second.json()).refresh_token).not.toBe(first.refresh_token);
    const reused = await refresh();
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('lets respondWith override the token endpoint until it is cleared', async () => {
    fx.respondWith(() => ({
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<html>oops</html>',
    }));
    const res = await seedRequest();
    expect(await res.text()).toBe('<html>oops</html>');
    fx.respondWith(undefined);
    expect((await seedRequest()).headers.get('content-type')).toContain('application/json');
  });

  it('revokeAll fails earlier access tokens but not later ones', async () => {
    const before = (await (await seedRequest()).json()).access_token;
    fx.revokeAll();
    const after = (await (await seedRequest()).json()).access_token;
    expect(await fx.verifyAccessToken(before)).toBe(false);
    expect(await fx.verifyAccessToken(after)).toBe(true);
  });

  it('counts token requests by grant and answers the outage status', async () => {
    fx.resetStats();
    fx.setOutage(503);
    const res = await seedRequest();
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: 'temporarily_unavailable' });
    fx.setOutage(false);
    await seedRequest();
    expect(fx.stats()).toMatchObject({ tokenRequests: 2, byGrant: { client_credentials: 2 } });
  });
});
