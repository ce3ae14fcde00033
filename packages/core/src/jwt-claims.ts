/** The time claims of a JWT access token, in epoch seconds. */
export interface JwtTimes {
  exp?: number | undefined;
  iat?: number | undefined;
}

// A claim that is a finite, non-negative number of seconds; anything else is no claim.
const epochSeconds = (value: unknown) =>
  Number.isFinite(value) && (value as number) >= 0 ? (value as number) : undefined;

/**
 * Reads `exp` and `iat` from a JWT access token: the payload segment, base64url-decoded
 * (RFC 7515 §2: `-` and `_`, no padding), then `JSON.parse`. This is jose's `decodeJwt`
 * without its error classes and claim checks; done with `atob`, it keeps jose (and its
 * shared encoding module) out of the bundle of clients that never sign anything: jose
 * is loaded with client assertions and DPoP, where it signs.
 *
 * This does NOT validate the signature: the client is not the token's audience
 * and holds no key for it; it only wants to know when the token stops working.
 * An opaque (non-JWT) token, a malformed one, or one whose claims are not numbers gives `{}`
 * (or `undefined` claims): never a throw.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-7.2 (a JWS compact JWT has three segments)
 */
export function readJwtTimes(token: string): JwtTimes {
  const [, payload, signature, extra] = token.split('.');
  if (signature === undefined || extra !== undefined || /[^\w-]/.test(payload!)) return {};
  try {
    const bytes = Uint8Array.from(atob(payload!.replace(/-/g, '+').replace(/_/g, '/')), (c) =>
      c.charCodeAt(0),
    );
    // A payload that decodes to `null` throws on destructuring: caught like a bad encoding.
    const { exp, iat } = JSON.parse(new TextDecoder().decode(bytes));
    return { exp: epochSeconds(exp), iat: epochSeconds(iat) };
  } catch {
    return {};
  }
}
