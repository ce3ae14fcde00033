import { InvalidTokenResponseError } from './errors.ts';
import { readJwtTimes } from './jwt-claims.ts';
import { isRecord, parseJson, readOAuthError } from './oauth-error.ts';
import { randomHex } from './random-id.ts';
import type { Redactor } from './redact.ts';
import { HEADER_SAFE_TOKEN } from './stored-token-set.ts';
import type { TokenSet } from './token-set.ts';

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

/** Ten years, in seconds: a longer `expires_in` is a server bug, not a lifetime to trust. */
export const MAX_EXPIRES_IN_SECONDS = 10 * 365 * 24 * 3600;

// Below this, a difference between the clocks is noise: the Date header has one-second resolution.
const SKEW_NOISE_MS = 1_000;

/**
 * The one place a token endpoint's answer is interpreted
 * (@see https://www.rfc-editor.org/rfc/rfc6749#section-5.1 and §5.2):
 * an OAuth error body first, then a bearer token response. Wire names stay
 * snake_case inside this function only.
 *
 * @throws TokenEndpointError for a non-2xx status or an OAuth `error` member.
 * @throws InvalidTokenResponseError for any 2xx body that is not a usable bearer token response.
 */
export function parseTokenResponse(response: TokenHttpResponse, context: ParseContext): TokenSet {
  const { redact } = context;
  const json = parseJson(response.body);
  const body = isRecord(json) ? json : undefined;
  const failure = readOAuthError('Token endpoint', response, json, redact);
  if (failure) throw failure;
  if (json === undefined) {
    throw new InvalidTokenResponseError('Token endpoint answered 2xx with a body that is not JSON');
  }
  if (!body) {
    throw new InvalidTokenResponseError(
      'Token endpoint answered 2xx with JSON that is not an object',
    );
  }

  const accessToken = body.access_token;
  if (typeof accessToken !== 'string' || accessToken.length === 0) {
    throw new InvalidTokenResponseError(
      'Token response has no `access_token` string',
      'access_token',
    );
  }
  // It goes into an Authorization header: visible ASCII only (RFC 6750 §2.1), so a
  // hostile token can neither inject a header nor make the HTTP client throw.
  if (!HEADER_SAFE_TOKEN.test(accessToken)) {
    throw new InvalidTokenResponseError(
      'Token response `access_token` has characters a header cannot carry',
      'access_token',
    );
  }
  const tokenType = body.token_type;
  if (typeof tokenType !== 'string' || tokenType.length === 0) {
    throw new InvalidTokenResponseError('Token response has no `token_type` string', 'token_type');
  }
  // RFC 6749 §5.1: token_type is case-insensitive. A DPoP-bound token (RFC 9449 §5) only when we asked for one.
  const type = tokenType.trim().toLowerCase();
  if (type !== 'bearer' && !(type === 'dpop' && context.dpop)) {
    // Name the scheme when it looks like one (DPoP, MAC); never echo anything else.
    const shown = /^[A-Za-z][A-Za-z0-9-]{0,19}$/.test(tokenType)
      ? `"${redact(tokenType)}"`
      : 'an unsupported value';
    throw new InvalidTokenResponseError(
      `Token response has token_type ${shown}, not ${context.dpop ? 'DPoP or ' : ''}Bearer`,
      'token_type',
    );
  }
  const refreshToken = optionalString(body, 'refresh_token');
  const scope = optionalString(body, 'scope');
  const expiresIn = optionalSeconds(body, 'expires_in');
  const refreshExpiresIn = optionalSeconds(body, 'refresh_expires_in');

  const { sentAt, previous } = context;
  const expiresAt = expiryOf(accessToken, expiresIn, response.date, context);
  const rotated = refreshToken !== undefined;
  return {
    accessToken,
    tokenType: type === 'dpop' ? 'DPoP' : 'Bearer',
    expiresAt,
    refreshToken: refreshToken ?? previous?.refreshToken,
    // Keycloak sends refresh_expires_in: 0 for tokens that do not expire (offline tokens).
    refreshExpiresAt:
      rotated && refreshExpiresIn
        ? sentAt + refreshExpiresIn * 1000
        : rotated
          ? undefined
          : previous?.refreshExpiresAt,
    scope: scope ?? previous?.scope,
    issuedAt: sentAt,
    // A refresh continues the session it refreshes; a login opens a new one.
    sessionId: previous?.sessionId ?? randomHex(12),
    raw: body,
  };
}

// The earlier of `expires_in` and the JWT `exp`, on the local clock.
function expiryOf(
  accessToken: string,
  expiresIn: number | undefined,
  date: string | null | undefined,
  context: ParseContext,
): number {
  const { sentAt } = context;
  const candidates: number[] = [];
  if (expiresIn !== undefined) candidates.push(sentAt + expiresIn * 1000);
  const { exp, iat } = readJwtTimes(accessToken);
  if (exp !== undefined) {
    const local = exp * 1000 - serverSkewMs(sentAt, date, iat);
    // A JWT exp beyond ten years is as absurd as such an expires_in; the claim is ignored, not trusted.
    if (local - sentAt <= MAX_EXPIRES_IN_SECONDS * 1000) candidates.push(local);
  }
  return candidates.length > 0 ? Math.min(...candidates) : sentAt + context.defaultLifetimeMs;
}

/**
 * How far the server's clock runs ahead of ours (negative: behind), in ms.
 * The `Date` header tells both ways. A JWT `iat` only tells when the server is
 * ahead: an `iat` in our past may just be a cached token, not a slow clock.
 */
function serverSkewMs(
  sentAt: number,
  date: string | null | undefined,
  iat: number | undefined,
): number {
  const serverDate = date ? Date.parse(date) : Number.NaN;
  let skew = 0;
  if (Number.isFinite(serverDate)) skew = serverDate - sentAt;
  else if (iat !== undefined && iat * 1000 > sentAt) skew = iat * 1000 - sentAt;
  return Math.abs(skew) > SKEW_NOISE_MS ? skew : 0;
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new InvalidTokenResponseError(`Token response field \`${field}\` is not a string`, field);
  }
  return value.length > 0 ? value : undefined;
}

// A finite, non-negative number of seconds up to ten years; a numeric string is accepted.
function optionalSeconds(body: Record<string, unknown>, field: string): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  const seconds =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)
        ? Number(value)
        : Number.NaN;
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_EXPIRES_IN_SECONDS) {
    throw new InvalidTokenResponseError(
      `Token response field \`${field}\` must be a number of seconds from 0 to ten years`,
      field,
    );
  }
  return seconds;
}
