import type { JWK } from 'jose';
import { SignJWT } from 'jose/jwt/sign';
import { importJWK } from 'jose/key/import';
import type { Kit } from './kit.ts';
import type { Params } from './token-request.ts';

/** How a client proves who it is with a JWT (RFC 7523 §2.2), settled from the options. */
export type AssertionSource =
  | { kind: 'private_key_jwt'; key: CryptoKey | JWK; keyId: string | undefined }
  | { kind: 'client_secret_jwt'; secret: string }
  | { kind: 'callback'; callback: () => string | Promise<string> };

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * The `client_assertion` parameters of one request: a new assertion every time,
 * never reused (servers may refuse a replayed `jti`), with `iss` = `sub` = the
 * client id, `aud`, a random `jti`, `iat` now and `exp` a minute ahead. Loaded
 * only by clients that authenticate with a JWT, so jose's signing code stays out
 * of everyone else's bundle.
 *
 * @throws InvalidOptionsError when the key cannot sign, or the callback fails or returns no string.
 */
export function createAssertion(
  kit: Kit,
  source: AssertionSource,
  clientId: string,
  audience: string,
): () => Promise<Params> {
  let signingKey: Promise<{ key: CryptoKey | Uint8Array; alg: string }> | undefined;
  return async () => {
    if (source.kind === 'callback') {
      let assertion: unknown;
      try {
        assertion = await source.callback();
      } catch (error) {
        // The callback's own message may quote what it read: its name is enough to act on.
        const name = error instanceof Error ? error.name : typeof error;
        throw new kit.InvalidOptionsError('clientAssertion', `the callback failed (${name})`);
      }
      if (typeof assertion !== 'string' || assertion.trim() === '')
        throw new kit.InvalidOptionsError(
          'clientAssertion',
          'the callback returned no assertion string',
        );
      return assertionParams(assertion.trim());
    }
    signingKey ??= keyOf(kit, source).catch((error: unknown) => {
      signingKey = undefined;
      throw error;
    });
    const { key, alg } = await signingKey;
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({ jti: kit.randomHex(16) })
      .setProtectedHeader({
        alg,
        typ: 'JWT',
        ...(source.kind === 'private_key_jwt' && source.keyId ? { kid: source.keyId } : {}),
      })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(key);
    return assertionParams(jwt);
  };
}

function assertionParams(assertion: string): Params {
  return [
    ['client_assertion_type', ASSERTION_TYPE],
    ['client_assertion', assertion],
  ];
}

async function keyOf(
  kit: Kit,
  source: Exclude<AssertionSource, { kind: 'callback' }>,
): Promise<{ key: CryptoKey | Uint8Array; alg: string }> {
  if (source.kind === 'client_secret_jwt') {
    return { key: new TextEncoder().encode(source.secret), alg: 'HS256' };
  }
  const alg = signingAlgorithm(kit, source.key);
  try {
    const key = source.key instanceof CryptoKey ? source.key : await importJWK(source.key, alg);
    return { key: key as CryptoKey, alg };
  } catch {
    throw new kit.InvalidOptionsError('privateKey', `the key cannot be used to sign ${alg}`);
  }
}

/** The JWS algorithm of a private key: ES256, RS256, PS256 or EdDSA (a JWK's `alg` wins). */
export function signingAlgorithm(kit: Kit, key: CryptoKey | JWK): string {
  const named =
    key instanceof CryptoKey
      ? (key.algorithm as { name: string; namedCurve?: string }).name
      : (key.alg ?? key.kty);
  switch (named) {
    case 'ECDSA':
    case 'EC':
    case 'ES256':
      return 'ES256';
    case 'RSASSA-PKCS1-v1_5':
    case 'RSA':
    case 'RS256':
      return 'RS256';
    case 'RSA-PSS':
    case 'PS256':
      return 'PS256';
    case 'Ed25519':
    case 'OKP':
    case 'EdDSA':
      return 'EdDSA';
    default:
      throw new kit.InvalidOptionsError(
        'privateKey',
        'expected an ES256, RS256, PS256 or EdDSA key',
      );
  }
}
