import { randomBytes, randomUUID } from 'node:crypto';
import { type JWTPayload, jwtVerify, SignJWT } from 'jose';

/** Signs and verifies the fixtures' HS256 JWTs and remembers which ones are revoked. */
export interface JwtIssuer {
  readonly issuer: string;
  /** Signs `claims` plus `iss`, `iat`, `exp` and a fresh `jti`. */
  issue(
    claims: JWTPayload,
    ttlSeconds: number,
  ): Promise<{ token: string; jti: string; exp: number }>;
  /**
   * Verifies signature, `iss`, `exp` (no clock tolerance), optionally `aud`, and that the token
   * was not revoked. Returns the payload, or `undefined` for any failure; never throws.
   */
  verify(token: string, audience?: string): Promise<JWTPayload | undefined>;
  /** Revokes one token by `jti`. */
  revoke(jti: string): void;
  /** Revokes every token issued so far; tokens issued later stay valid, even in the same second. */
  revokeAll(): void;
}

/** Creates an issuer with a random per-process HS256 key. */
export function createJwtIssuer(issuer: string): JwtIssuer {
  const key = randomBytes(32);
  const issued = new Set<string>();
  const revoked = new Set<string>();
  return {
    issuer,
    async issue(claims, ttlSeconds) {
      const jti = randomUUID();
      const iat = Math.floor(Date.now() / 1000);
      const exp = iat + ttlSeconds;
      const token = await new SignJWT({ ...claims, jti })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(issuer)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(key);
      issued.add(jti);
      return { token, jti, exp };
    },
    async verify(token, audience) {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer,
          algorithms: ['HS256'],
          ...(audience ? { audience } : {}),
        });
        if (typeof payload.jti !== 'string' || revoked.has(payload.jti)) return undefined;
        return payload;
      } catch {
        return undefined;
      }
    },
    revoke(jti) {
      revoked.add(jti);
    },
    revokeAll() {
      // Revocation by jti rather than by iat, so a token minted right after still verifies.
      for (const jti of issued) revoked.add(jti);
      issued.clear();
    },
  };
}
