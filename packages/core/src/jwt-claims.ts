import { decode } from 'jose/base64url';

/** The time claims of a JWT access token, in epoch seconds. */
export interface JwtTimes {
  exp?: number | undefined;
  iat?: number | undefined;
}

// A claim that is a finite, non-negative number of seconds; anything else is no claim.
const epochSeconds = (value: unknown) =>
  Number.isFinite(value) && (value as number) >= 0 ? (value as number) : undefined;

/**
 * Reads `exp` and `iat` from a JWT access token: jose's base64url decoder on the
 * payload segment, then `JSON.parse`. This is what jose's `decodeJwt` does, without
 * its error classes and claim checks, which would ship in every bundle for a read
 * that may never fail loudly anyway.
 *
 * This does NOT validate the signature: the client is not the token's audience
 * and holds no key for it; it only wants to know when the token stops working.
 * An opaque (non-JWT) token, a malformed one, or one whose claims are not numbers gives `{}`
 * (or `undefined` claims): never a throw.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-7.2 (a JWS compact JWT has three segments)
 */
export function readJwtTimes(token: string): JwtTimes {
  const segments = token.split('.');
  if (segments.length !== 3) return {};
  try {
    // A payload that decodes to `null` throws on destructuring: caught like a bad encoding.
    const { exp, iat } = JSON.parse(new TextDecoder().decode(decode(segments[1] as string)));
    return { exp: epochSeconds(exp), iat: epochSeconds(iat) };
  } catch {
    return {};
  }
}
