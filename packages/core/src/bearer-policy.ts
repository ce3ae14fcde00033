import { InvalidOptionsError } from './errors.ts';
import type { TokenManager } from './token-manager.ts';

/** What an adapter needs of a token manager. */
export type TokenSource = Pick<TokenManager, 'getAccessToken' | 'invalidate'>;

/** Options every adapter takes. */
export interface BearerOptions {
  /**
   * The origins that get the token, compared as exact parsed origins
   * (scheme, host and port), never as string prefixes.
   * @default the origin of the client's base URL when it has one; with neither, every request of that client
   */
  origins?: ReadonlyArray<string | URL> | undefined;
}

/**
 * The decisions every adapter makes the same way, so that each adapter is only
 * the glue to its client's extension points:
 * - which requests get the token ({@link BearerPolicy.appliesTo});
 * - the header to send ({@link BearerPolicy.authorize});
 * - after a 401 that answered our token, the one retry ({@link BearerPolicy.renew}).
 */
export interface BearerPolicy {
  /**
   * True when `url` is on an allowed origin. A URL that does not parse never gets the token.
   * @param baseUrl the client's base URL as it is for this request (it can change after
   *   the policy is made): its origin is the default when no `origins` were given
   */
  appliesTo(url: string | URL, baseUrl?: string | URL): boolean;
  /** The token to send now, waiting for a refresh only when there is no usable token. */
  authorize(signal?: AbortSignal): Promise<string>;
  /**
   * After a response to a request that carried `sentToken`: for a 401, tells
   * the manager that token was refused and resolves with the token to resend
   * with (a new one, or the current one when `sentToken` was already an older
   * token). Resolves `undefined` for any other status: 403 and the rest go
   * back to the caller. Call it once per request, never for the retry.
   */
  renew(status: number, sentToken: string, signal?: AbortSignal): Promise<string | undefined>;
}

/** The `Authorization` header value for a bearer token (RFC 6750 §2.1). */
export function bearerHeader(token: string): string {
  return `Bearer ${token}`;
}

/**
 * Builds the {@link BearerPolicy} for one client.
 *
 * @param baseUrl the client's base URL when it is fixed (axios `baseURL`, ky `baseUrl`, got
 *   `prefixUrl`): the default allowed origin; adapters whose base URL can change pass it to `appliesTo` instead
 * @throws InvalidOptionsError when an origin does not parse as an http(s) URL
 */
export function createBearerPolicy(
  tokens: TokenSource,
  options: BearerOptions = {},
  baseUrl?: string | URL,
): BearerPolicy {
  if (
    !tokens ||
    typeof tokens.getAccessToken !== 'function' ||
    typeof tokens.invalidate !== 'function'
  ) {
    throw new InvalidOptionsError('tokens', 'expected a token manager from createTokenManager()');
  }
  const configured = allowedOrigins(options.origins);
  const fallback = baseUrl;
  // The last base URL seen and its origin: adapters ask on every request with the same one.
  let lastBase: string | URL | undefined;
  let lastBaseOrigin: string | undefined;
  return {
    appliesTo(url, base = fallback) {
      if (configured) return configured.has(originOf(url) ?? '');
      if (base === undefined || base === '') return true;
      if (base !== lastBase) {
        lastBase = base;
        lastBaseOrigin = originOf(base);
      }
      // A relative base URL (a browser app's '/api') means the page's own origin: no restriction here.
      return lastBaseOrigin === undefined || originOf(url) === lastBaseOrigin;
    },
    authorize: (signal) => tokens.getAccessToken({ signal }),
    async renew(status, sentToken, signal) {
      if (status !== 401) return undefined;
      tokens.invalidate(sentToken);
      return tokens.getAccessToken({ signal });
    },
  };
}

function allowedOrigins(origins: BearerOptions['origins']): Set<string> | undefined {
  if (origins === undefined) return undefined;
  if (!Array.isArray(origins))
    throw new InvalidOptionsError('origins', 'expected an array of origins');
  return new Set(
    origins.map((value) => {
      const origin =
        typeof value === 'string' || value instanceof URL ? originOf(value) : undefined;
      if (origin === undefined)
        throw new InvalidOptionsError('origins', 'each origin must be an absolute http(s) URL');
      return origin;
    }),
  );
}

/** The serialised origin of an http(s) URL (a relative one resolved against the page, in a browser), or `undefined`. */
export function originOf(url: string | URL): string | undefined {
  try {
    // In a browser a relative URL is relative to the page; elsewhere it has no origin.
    const page = (globalThis as { location?: { href?: string } }).location?.href;
    const parsed = url instanceof URL ? url : new URL(url, page);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}
