import type { JWK } from 'jose';
import * as base64url from 'jose/base64url';
import { SignJWT } from 'jose/jwt/sign';
import { exportJWK } from 'jose/key/export';
import { signingAlgorithm } from './client-assertion.ts';
import type { Kit } from './kit.ts';

/** A DPoP key pair ready to sign: its JWS algorithm and its public JWK. */
export interface DpopKey {
  pair: CryptoKeyPair;
  alg: string;
  jwk: JWK;
}

/**
 * The key a manager binds its tokens to (RFC 9449 §2): the one given, or a new
 * ES256 pair whose private key cannot be exported (Web Crypto), so even code
 * that can read the manager cannot carry the key elsewhere.
 */
export async function loadDpopKey(kit: Kit, given: CryptoKeyPair | undefined): Promise<DpopKey> {
  const pair =
    given ??
    ((await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ])) as CryptoKeyPair);
  const alg = signingAlgorithm(kit, pair.privateKey);
  const { kty, crv, x, y, e, n } = await exportJWK(pair.publicKey);
  const jwk = Object.fromEntries(
    Object.entries({ kty, crv, x, y, e, n }).filter(([, value]) => value !== undefined),
  ) as JWK;
  return { pair, alg, jwk };
}

/**
 * One DPoP proof (RFC 9449 §4.2): `typ: dpop+jwt`, the public key in `jwk`,
 * `htm`, `htu` without query and fragment (§4.3), `iat`, a random `jti`, the
 * server's `nonce` when it gave one, and `ath` (§4.3: base64url SHA-256 of the
 * access token) on resource requests. A new proof for every request.
 */
export async function createProof(
  kit: Kit,
  key: DpopKey,
  method: string,
  url: string,
  nonce: string | undefined,
  accessToken?: string,
): Promise<string> {
  const target = new URL(url);
  const claims: Record<string, string> = {
    htm: method.toUpperCase(),
    htu: `${target.origin}${target.pathname}`,
    jti: kit.randomHex(16),
  };
  if (nonce) claims.nonce = nonce;
  if (accessToken !== undefined) {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken));
    claims.ath = base64url.encode(new Uint8Array(digest));
  }
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, typ: 'dpop+jwt', jwk: key.jwk })
    .setIssuedAt()
    .sign(key.pair.privateKey);
}
