import {
  base64url,
  calculateJwkThumbprint,
  decodeJwt,
  decodeProtectedHeader,
  EmbeddedJWK,
  generateKeyPair,
  jwtVerify,
} from 'jose';
import { describe, expect, it } from 'vitest';
import { createBearerPolicy, createMemoryStore, createTokenManager } from '../src/index.ts';
import { endpoint, scriptedEndpoint, tokenReply } from './scripted-endpoint.ts';

const base = { tokenEndpoint: endpoint, clientId: 'c', clientSecret: 's' };
const dpopReply = () => tokenReply({ token_type: 'DPoP' });

async function verifyProof(proof: string) {
  const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt' });
  return { payload, protectedHeader };
}

describe('DPoP (RFC 9449)', () => {
  it('sends a proof with each token request and accepts token_type DPoP', async () => {
    const server = scriptedEndpoint(() => dpopReply());
    const tokens = createTokenManager({ ...base, fetch: server.fetch, dpop: true });
    const set = await tokens.getToken();
    expect(set.tokenType).toBe('DPoP');
    const proof = server.requests[0]!.headers.get('dpop')!;
    const { payload, protectedHeader } = await verifyProof(proof);
    expect(payload).toMatchObject({ htm: 'POST', htu: endpoint });
    expect(payload.jti).toBeTypeOf('string');
    expect(payload.iat).toBeTypeOf('number');
    expect(payload.ath).toBeUndefined();
    expect(protectedHeader.alg).toBe('ES256');
    expect(protectedHeader.jwk).not.toHaveProperty('d');
  });

  it('without dpop on, a DPoP token response stays an InvalidTokenResponseError', async () => {
    const server = scriptedEndpoint(() => dpopReply());
    const tokens = createTokenManager({ ...base, fetch: server.fetch });
    await expect(tokens.getToken()).rejects.toMatchObject({
      code: 'ERR_INVALID_TOKEN_RESPONSE',
      field: 'token_type',
    });
  });

  it('answers the token endpoint’s use_dpop_nonce once with the nonce it sent', async () => {
    const server = scriptedEndpoint((_, index) =>
      index === 0
        ? { status: 400, body: { error: 'use_dpop_nonce' }, headers: { 'dpop-nonce': 'n-1' } }
        : dpopReply(),
    );
    const tokens = createTokenManager({ ...base, fetch: server.fetch, dpop: true });
    await tokens.getToken();
    expect(server.count()).toBe(2);
    const [first, second] = server.requests.map((r) => decodeJwt(r.headers.get('dpop')!));
    expect(first!.nonce).toBeUndefined();
    expect(second!.nonce).toBe('n-1');
    expect(second!.jti).not.toBe(first!.jti);
  });

  it('uses a given key pair, and a new proof with ath for every resource request', async () => {
    const keyPair = await generateKeyPair('ES256');
    const server = scriptedEndpoint(() => dpopReply());
    const tokens = createTokenManager({ ...base, fetch: server.fetch, dpop: { keyPair } });
    const policy = createBearerPolicy(tokens);
    const request = { method: 'get', url: 'https://api.example.test/orders?page=2#top' };
    const one = await policy.authorize(request);
    const two = await policy.authorize(request);
    expect(one.headers.authorization).toBe(`DPoP ${one.token}`);
    const proofs = [one.headers.dpop!, two.headers.dpop!];
    const payloads = await Promise.all(
      proofs.map(async (p) => (await jwtVerify(p, keyPair.publicKey)).payload),
    );
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(one.token));
    for (const payload of payloads) {
      expect(payload).toMatchObject({
        htm: 'GET',
        htu: 'https://api.example.test/orders',
        ath: base64url.encode(new Uint8Array(digest)),
      });
    }
    expect(payloads[0]!.jti).not.toBe(payloads[1]!.jti);
    const header = decodeProtectedHeader(proofs[0]!);
    expect(await calculateJwkThumbprint(header.jwk!)).toBeTypeOf('string');
  });

  it('resends once with the resource server’s nonce, without a refresh', async () => {
    const server = scriptedEndpoint(() => dpopReply());
    const tokens = createTokenManager({ ...base, fetch: server.fetch, dpop: true });
    const policy = createBearerPolicy(tokens);
    const request = { method: 'POST', url: 'https://api.example.test/orders' };
    const sent = await policy.authorize(request);
    const headers: Record<string, string> = {
      'www-authenticate': 'DPoP error="use_dpop_nonce", error_description="nonce required"',
      'dpop-nonce': 'rs-nonce-1',
    };
    const again = await policy.renew(401, (name) => headers[name], sent, request);
    expect(again?.token).toBe(sent.token);
    expect(decodeJwt(again!.headers.dpop!).nonce).toBe('rs-nonce-1');
    expect(server.count()).toBe(1);
    // An insufficient_scope challenge is handed back: no refresh, no resend.
    const scope = { 'www-authenticate': 'DPoP error="insufficient_scope"' } as Record<
      string,
      string
    >;
    expect(await policy.renew(401, (name) => scope[name], sent, request)).toBeUndefined();
    expect(server.count()).toBe(1);
  });

  it('never hands DPoP-bound tokens from a store to a manager with another key', async () => {
    const store = createMemoryStore();
    const server = scriptedEndpoint(() => dpopReply());
    const a = createTokenManager({ ...base, fetch: server.fetch, store, dpop: true });
    const b = createTokenManager({ ...base, fetch: server.fetch, store, dpop: true });
    expect(a.flightKey).not.toBe(b.flightKey);
    expect(await a.getAccessToken()).not.toBe(await b.getAccessToken());
    const keyPair = await generateKeyPair('ES256');
    const c = createTokenManager({ ...base, fetch: server.fetch, store, dpop: { keyPair } });
    const d = createTokenManager({ ...base, fetch: server.fetch, store, dpop: { keyPair } });
    expect(await c.getAccessToken()).toBe(await d.getAccessToken());
  });

  it('refuses a dpop option that is not true or a key pair', () => {
    expect(() => createTokenManager({ ...base, dpop: { keyPair: {} } as never })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option: 'dpop' }),
    );
  });
});
