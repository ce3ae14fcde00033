import { type OidcServer, startDpopResourceServer, startOidcServer } from '@tokenkeeper/test-utils';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBearerPolicy, createTokenManager, type TokenManager } from '../src/index.ts';

const startDpopApi = (idp: OidcServer, options?: { requireNonce?: boolean }) =>
  startDpopResourceServer((token) => idp.verifyAccessToken(token), options);

// What every adapter does with the policy: authorize, send, and on a 401 renew and resend once.
async function send(tokens: TokenManager, url: string): Promise<{ status: number; sends: number }> {
  const policy = createBearerPolicy(tokens);
  const request = { method: 'GET', url };
  const sent = await policy.authorize(request);
  const first = await fetch(url, { headers: sent.headers });
  await first.arrayBuffer();
  const again = await policy.renew(first.status, (name) => first.headers.get(name), sent, request);
  if (!again) return { status: first.status, sends: 1 };
  const second = await fetch(url, { headers: again.headers });
  await second.arrayBuffer();
  return { status: second.status, sends: 2 };
}

describe('JWT client authentication and DPoP against a real oidc-provider', () => {
  let idp: OidcServer;
  beforeAll(async () => {
    idp = await startOidcServer();
  });
  afterAll(async () => {
    await idp.close();
  });

  const jwtManager = (extra: object = {}) =>
    createTokenManager({
      tokenEndpoint: idp.tokenEndpoint,
      clientId: idp.privateKeyJwtClient.clientId,
      privateKey: idp.privateKeyJwtClient.privateKey,
      assertionAudience: idp.issuer,
      params: { resource: idp.audience },
      logout: { kind: 'revocation', endpoint: idp.revocationEndpoint },
      ...extra,
    });

  it('obtains a token with private_key_jwt and revokes it on dispose with a new assertion', async () => {
    idp.resetStats();
    const tokens = jwtManager();
    const token = await tokens.getAccessToken();
    expect(await idp.verifyAccessToken(token)).toBe(true);
    await tokens.dispose();
    expect(await idp.verifyAccessToken(token)).toBe(false);
    expect(idp.stats().revocations).toBe(1);
  });

  it('obtains a token with client_secret_jwt', async () => {
    const tokens = createTokenManager({
      tokenEndpoint: idp.tokenEndpoint,
      clientId: idp.secretJwtClient.clientId,
      clientSecret: idp.secretJwtClient.clientSecret,
      clientAuthentication: 'client_secret_jwt',
      assertionAudience: idp.issuer,
      params: { resource: idp.audience },
      logout: false,
    });
    expect(await idp.verifyAccessToken(await tokens.getAccessToken())).toBe(true);
  });

  it('binds the token to the manager’s key; the API accepts its proofs and refuses the stolen token', async () => {
    const api = await startDpopApi(idp);
    const tokens = jwtManager({ dpop: true, logout: false });
    const set = await tokens.getToken();
    expect(set.tokenType).toBe('DPoP');
    expect(decodeJwt(set.accessToken).cnf).toHaveProperty('jkt');
    expect(await send(tokens, `${api.url}/orders?page=1`)).toEqual({ status: 200, sends: 1 });
    // The token alone, as a thief would replay it: as a bearer token, and with another key's proof.
    const asBearer = await fetch(`${api.url}/orders`, {
      headers: { authorization: `Bearer ${set.accessToken}` },
    });
    expect(asBearer.status).toBe(401);
    const thief = jwtManager({ dpop: true, logout: false });
    const thiefProof = await thief.dpop!.prove('GET', `${api.url}/orders`, set.accessToken);
    const replay = await fetch(`${api.url}/orders`, {
      headers: { authorization: `DPoP ${set.accessToken}`, dpop: thiefProof },
    });
    expect(replay.status).toBe(401);
    await api.close();
  });

  it('costs one token request for 2,000 concurrent requests after every token was revoked', async () => {
    const api = await startDpopApi(idp);
    const tokens = jwtManager({ dpop: true, logout: false });
    await send(tokens, `${api.url}/warm`);
    idp.revokeAll();
    idp.resetStats();
    const results = await Promise.all(
      Array.from({ length: 2_000 }, () => send(tokens, `${api.url}/x`)),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(idp.stats().tokenRequests).toBe(1);
    expect(Math.max(...results.map((r) => r.sends))).toBeLessThanOrEqual(2);
    await api.close();
  });

  it('does the nonce dance at both servers with exactly one extra send each', async () => {
    const nonceIdp = await startOidcServer({ dpopNonce: true });
    const api = await startDpopApi(nonceIdp, { requireNonce: true });
    const tokens = createTokenManager({
      tokenEndpoint: nonceIdp.tokenEndpoint,
      clientId: nonceIdp.privateKeyJwtClient.clientId,
      privateKey: nonceIdp.privateKeyJwtClient.privateKey,
      assertionAudience: nonceIdp.issuer,
      params: { resource: nonceIdp.audience },
      dpop: true,
      logout: false,
    });
    expect(await send(tokens, `${api.url}/a`)).toEqual({ status: 200, sends: 2 });
    expect(nonceIdp.stats().tokenRequests).toBe(2); // the first one was answered use_dpop_nonce
    expect(await send(tokens, `${api.url}/b`)).toEqual({ status: 200, sends: 1 }); // nonce kept per origin
    api.rotateNonce();
    expect(await send(tokens, `${api.url}/c`)).toEqual({ status: 200, sends: 2 });
    expect(nonceIdp.stats().tokenRequests).toBe(2); // no refresh for a nonce
    await api.close();
    await nonceIdp.close();
  });
});
