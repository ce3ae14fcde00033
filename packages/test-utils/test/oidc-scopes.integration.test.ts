import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OidcServer, startOidcServer } from '../src/index.ts';

let idp: OidcServer;
beforeAll(async () => {
  idp = await startOidcServer({ scopes: ['orders:read', 'orders:write'] });
});
afterAll(() => idp.close());

const clientCredentials = (scope?: string) =>
  fetch(idp.tokenEndpoint, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: idp.client.clientId,
      client_secret: idp.client.clientSecret,
      ...(scope ? { scope } : {}),
    }),
  });

describe('startOidcServer with extra scopes', () => {
  it('issues a token that names the scope it was asked for, and the API accepts it', async () => {
    for (const scope of ['orders:read', 'orders:write']) {
      const res = await clientCredentials(scope);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.scope).toBe(scope);
      expect(decodeJwt(body.access_token).scope).toBe(scope);
      expect(await idp.verifyAccessToken(body.access_token)).toBe(true);
    }
  });

  it('still issues a token without a scope, and grants no scope it does not know', async () => {
    expect((await clientCredentials()).status).toBe(200);
    const body = await (await clientCredentials('orders:read orders:delete')).json();
    expect(body.scope).toBe('orders:read');
  });
});
