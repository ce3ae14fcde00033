import { InvalidTokenResponseError } from './errors.ts';
import { readJwtTimes } from './jwt-claims.ts';
import { isRecord, parseJson, readOAuthError } from './oauth-error.ts';
import { randomHex } from './random-id.ts';
import type { Redactor } from './redact.ts';
import type { TokenSet } from './token-set.ts';

/** What an `Authorization` header can carry: visible ASCII only (RFC 6750 §2.1), so no header injection. */
export const HEADER_SAFE_TOKEN = /^[\x21-\x7E]+$/;

/** What the token endpoint answered, as read off the wire. */
export interface TokenHttpResponse {
  status: number;
  /** The body as text (already capped in size by the reader). */
  body: string;
  /** The response `Date` header, used to estimate the server's clock skew. */
  date?: string | null | undefined;
  /** The response `Retry-After` header (a floor for the next attempt's delay). */
  retryAfter?: string | null | undefined;
}

export interface ParseContext {
  /** Local epoch ms at which the request was sent: lifetimes count from here, so they never run long. */
  sentAt: number;
  /** Lifetime to assume when neither `expires_in` nor a JWT `exp` says, in ms. */
  defaultLifetimeMs: number;
  /** The token set this response replaces: a refresh response without a new refresh token keeps the old one (RFC 6749 §6). */
  previous?: TokenSet | undefined;
  redact: Redactor;
  /** DPoP is on: `token_type: DPoP` is accepted. */
  dpop?: boolean | undefined;
}

/** Ten years (10 × 365 × 24 × 3600 s, written out: bundlers do not fold it): a longer `expires_in` is a server bug, not a lifetime to trust. */
const MAX_EXPIRES_IN_SECONDS = 315_360_000;

/**
 * The one place a token endpoint's answer is interpreted
 * (@see https://www.rfc-editor.org/rfc/rfc6749#section-5.1 and §5.2):
 * an OAuth error body first, then a bearer token response. Wire names stay
 * snake_case inside this module only.
 *
 * @throws TokenEndpointError for a non-2xx status or an OAuth `error` member.
 * @throws InvalidTokenResponseError for any 2xx body that is not a usable bearer token response.
 */
export function parseTokenResponse(response: TokenHttpResponse, context: ParseContext): TokenSet {
  const { redact, sentAt, previous, dpop } = context;
  const body = parseJson(response.body);
  const failure = readOAuthError('Token endpoint', response, body, redact);
  if (failure) throw failure;
  // Not JSON (an HTML page, a body cut at the size cap) or JSON that is not an object.
  if (!isRecord(body)) invalid('a JSON object');

  const accessToken = body.access_token;
  // It goes into an Authorization header: visible ASCII only (RFC 6750 §2.1), so a
  // hostile token can neither inject a header nor make the HTTP client throw. Not empty either.
  if (typeof accessToken !== 'string' || !HEADER_SAFE_TOKEN.test(accessToken)) {
    invalid('a header-safe string', 'access_token');
  }
  // RFC 6749 §5.1: token_type is case-insensitive. A DPoP-bound token (RFC 9449 §5) only when we asked for one.
  const tokenType = body.token_type;
  const type = typeof tokenType === 'string' ? tokenType.trim().toLowerCase() : '';
  if (type !== 'bearer' && !(dpop && type === 'dpop')) {
    // Name the scheme when it looks like one (DPoP, MAC); never echo anything else.
    invalid(
      `${dpop ? 'DPoP or ' : ''}Bearer${/^[a-z][\w-]{0,19}$/.test(type) ? `: "${redact(tokenType as string)}"` : ''}`,
      'token_type',
    );
  }
  const refreshToken = optionalString(body, 'refresh_token');
  const scope = optionalString(body, 'scope');
  const expiresIn = optionalSeconds(body, 'expires_in');
  const refreshExpiresIn = optionalSeconds(body, 'refresh_expires_in');

  // The earlier of `expires_in` and the JWT `exp`, on the local clock.
  let expiresAt = expiresIn === undefined ? undefined : sentAt + expiresIn * 1000;
  const { exp, iat } = readJwtTimes(accessToken);
  if (exp !== undefined) {
    // How far the server's clock runs ahead of ours (negative: behind), in ms. The `Date`
    // header tells both ways. A JWT `iat` only tells when the server is ahead: an `iat` in
    // our past may just be a cached token, not a slow clock.
    let skew = Date.parse(response.date ?? '') - sentAt;
    if (Number.isNaN(skew)) skew = Math.max(0, (iat ?? 0) * 1000 - sentAt);
    // Within a second, a difference between the clocks is noise: the Date header has one-second resolution.
    const local = exp * 1000 - (Math.abs(skew) > 1_000 ? skew : 0);
    // A JWT exp beyond ten years is as absurd as such an expires_in; the claim is ignored, not trusted.
    if (local - sentAt <= MAX_EXPIRES_IN_SECONDS * 1000)
      expiresAt = Math.min(expiresAt ?? local, local);
  }
  return {
    accessToken,
    tokenType: type === 'dpop' ? 'DPoP' : 'Bearer',
    expiresAt: expiresAt ?? sentAt + context.defaultLifetimeMs,
    refreshToken: refreshToken ?? previous?.refreshToken,
    // A rotated refresh token brings its own lifetime; Keycloak sends refresh_expires_in: 0
    // for tokens that do not expire (offline tokens). Without a new one, the old one's stays.
    refreshExpiresAt: refreshToken
      ? refreshExpiresIn
        ? sentAt + refreshExpiresIn * 1000
        : undefined
      : previous?.refreshExpiresAt,
    scope: scope ?? previous?.scope,
    issuedAt: sentAt,
    // A refresh continues the session it refreshes; a login opens a new one.
    sessionId: previous?.sessionId ?? randomHex(12),
    raw: body,
  };
}

/** Throws the typed error for a body, or one of its members, that is not what it must be. */
function invalid(expected: string, field?: string): never {
  throw new InvalidTokenResponseError(
    `Token response ${field ?? 'body'} is not ${expected}`,
    field,
  );
}

// Absent (or null) gives undefined, as does an empty string.
function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value != null && typeof value !== 'string') invalid('a string', field);
  return (value as string | null | undefined) || undefined;
}

// A finite, non-negative number of seconds up to ten years; a numeric string is accepted.
function optionalSeconds(body: Record<string, unknown>, field: string): number | undefined {
  const value = body[field];
  if (value == null) return undefined;
  const seconds =
    typeof value === 'number' || (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value))
      ? Number(value)
      : -1;
  if (!(seconds >= 0 && seconds <= MAX_EXPIRES_IN_SECONDS))
    invalid('0 to ten years in seconds', field);
  return seconds;
}
