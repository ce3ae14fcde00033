import { decodeJwt } from 'jose/jwt/decode';

/** The time claims of a JWT access token, in epoch seconds. */
export interface JwtTimes {
  exp?: number;
  iat?: number;
}

/**
 * Reads `exp` and `iat` from a JWT access token with jose's `decodeJwt`.
 *
 * This does NOT validate the signature: the client is not the token's audience
 * and holds no key for it; it only wants to know when the token stops working.
 * An opaque (non-JWT) token, or one whose claims are not numbers, gives `{}`.
 */
export function readJwtTimes(token: string): JwtTimes {
  if (token.split('.').length !== 3) return {};
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(token);
  } catch {
    return {};
  }
  const times: JwtTimes = {};
  if (isEpochSeconds(claims.exp)) times.exp = claims.exp;
  if (isEpochSeconds(claims.iat)) times.iat = claims.iat;
  return times;
}

function isEpochSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
