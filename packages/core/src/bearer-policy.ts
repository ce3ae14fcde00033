import { InvalidOptionsError } from './errors.ts';
import type { TokenManager, TokenParams } from './token-manager.ts';
import type { TokenSet } from './token-set.ts';
import { parseChallenges } from './www-authenticate.ts';

/** What an adapter needs of a token manager. */
export type TokenSource = Pick<TokenManager, 'getToken' | 'invalidate' | 'dpop'>;

/** Options every adapter takes: where the token goes, and which token set it is. */
export interface BearerOptions extends TokenParams {
  /**
   * The origins that get the token, compared as exact parsed origins
   * (scheme, host and port), never as string prefixes.
   * @default the origin of the client's base URL as the client was created; without one, every request of that client
   */
  origins?: ReadonlyArray<string | URL> | undefined;
}

/** The request an adapter is about to send, as the policy needs to know it. */
export interface OutgoingRequest {
  method: string;
  url: string;
  signal?: AbortSignal | null | undefined;
  /** Per-request token set parameters (`bearer: { scope }`); they override the adapter's own. */
  params?: TokenParams | undefined;
}

/** What one request was sent with. Set every header in `headers` on the request. */
export interface Credentials {
  /** `authorization`, and `dpop` for a DPoP-bound token: lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The access token sent: the one a 401 refuses. */
  readonly token: string;
}

/** Reads one response header by its lower-case name. */
export type HeaderReader = (name: string) => string | null | undefined;

/** A header value as Node's clients hold it (a list for a repeated header) as one string (RFC 9110 §5.3). */
export function headerText(value: unknown): string | undefined {
  return Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : undefined;
}

/**
 * The decisions every adapter makes the same way, so that each adapter is only
 * the glue to its client's extension points:
 * - which requests get the token ({@link BearerPolicy.appliesTo});
 * - the headers to send ({@link BearerPolicy.authorize});
 * - after a 401, whether and with what to resend once ({@link BearerPolicy.renew}).
 */
export interface BearerPolicy {
  /**
   * True when `url` is on an allowed origin. A URL that does not parse never gets the token.
   * @param baseUrl the client's base URL as it was configured (never one request's override):
   *   its origin is the default when no `origins` were given
   */
  appliesTo(url: string | URL, baseUrl?: string | URL): boolean;
  /** The credentials to send now, waiting for a refresh only when there is no usable token. */
  authorize(request: OutgoingRequest): Promise<Credentials>;
  /**
   * True when every response must go through {@link BearerPolicy.renew} (DPoP: servers send
   * new nonces on any response, RFC 9449 §8.2); false when only 401s need to.
   */
  readonly watchesEveryResponse: boolean;
  /**
   * After the response to a request sent with `sent`: the credentials to resend
   * with, once, or `undefined` to hand the response to the caller. Only a 401
   * is resent (RFC 6750 §3.1, RFC 9449 §7.1, read from `WWW-Authenticate`):
   * - `insufficient_scope`: not resent, no refresh (a new token has the same scope);
   * - `use_dpop_nonce`: resent with a proof that carries the server's nonce, same token;
   * - `invalid_token` or no challenge: the token is invalidated and the request resent
   *   with a fresh one (or with the current one, when `sent` held an older token).
   * Call it once per request, never for the resend.
   */
  renew(
    status: number,
    header: HeaderReader,
    sent: Credentials,
    request: OutgoingRequest,
  ): Promise<Credentials | undefined>;
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
 * @throws InvalidOptionsError when an origin does not parse as an http(s) URL, or `tokens` is not a manager
 */
export function createBearerPolicy(
  tokens: TokenSource,
  options: BearerOptions = {},
  baseUrl?: string | URL,
): BearerPolicy {
  if (typeof tokens?.getToken !== 'function' || typeof tokens.invalidate !== 'function') {
    throw new InvalidOptionsError('tokens', 'expected a token manager from createTokenManager()');
  }
  const { dpop } = tokens;
  const origins = allowedOrigins(options.origins);
  const own = setFields(options);
  // The last base URL seen and its origin: adapters ask on every request with the same one.
  let lastBase: string | URL | undefined;
  let lastBaseOrigin: string | undefined;
  // Bearer credentials are the same for every request while the token is: built once per token.
  let lastSet: TokenSet | undefined;
  let lastCredentials!: Credentials;

  async function authorize(request: OutgoingRequest): Promise<Credentials> {
    const params = request.params ? { ...own, ...setFields(request.params) } : own;
    const set = await tokens.getToken({ ...params, signal: request.signal ?? undefined });
    const token = set.accessToken;
    if (set.tokenType === 'DPoP' && dpop) {
      // A fresh proof for every send, the resend included (RFC 9449 §4.2: jti, iat, ath).
      const proof = await dpop.prove(request.method, request.url, token);
      return { headers: { authorization: `DPoP ${token}`, dpop: proof }, token };
    }
    if (set !== lastSet) {
      lastSet = set;
      lastCredentials = { headers: { authorization: bearerHeader(token) }, token };
    }
    return lastCredentials;
  }

  return {
    appliesTo(url, base = baseUrl) {
      if (origins) return origins.has(originOf(url));
      if (!base) return true;
      if (base !== lastBase) {
        lastBase = base;
        lastBaseOrigin = originOf(base);
      }
      // A relative base URL (a browser app's '/api') means the page's own origin: no restriction here.
      return !lastBaseOrigin || originOf(url) === lastBaseOrigin;
    },
    authorize,
    watchesEveryResponse: !!dpop,
    async renew(status, header, sent, request) {
      const nonce = dpop && header('dpop-nonce');
      if (nonce) dpop.rememberNonce(request.url, nonce);
      if (status !== 401) return;
      const challenges = parseChallenges(header('www-authenticate'));
      const errors = challenges.map((challenge) => challenge.params.error);
      if (errors.includes('insufficient_scope')) return;
      // The proof was refused for its nonce, not the token (RFC 9449 §9): the nonce came with the 401.
      if (errors.includes('use_dpop_nonce') && sent.headers.dpop) {
        return nonce ? authorize(request) : undefined;
      }
      tokens.invalidate(sent.token, challenges[0]);
      return authorize(request);
    },
  };
}

/**
 * A request's own token choice (fetch `init.bearer`, axios `bearer`, ky and got
 * `context.bearer`): `false` for no token, token set parameters, or `undefined` (`true`,
 * or nothing) for the client's own set.
 *
 * @throws InvalidOptionsError naming `option` for anything else: never a silent default.
 */
export function bearerChoice(value: unknown, option: string): false | TokenParams | undefined {
  if (value === false) return false;
  if (value === undefined || value === true) return undefined;
  if (typeof value === 'object' && value !== null) return value;
  throw new InvalidOptionsError(option, 'expected false or { scope, audience, resource }');
}

// The set fields only: an explicit `undefined` keeps the client's own value.
function setFields({ scope, audience, resource }: TokenParams): TokenParams {
  return Object.fromEntries(
    Object.entries({ scope, audience, resource }).filter(([, value]) => value !== undefined),
  );
}

function allowedOrigins(origins: BearerOptions['origins']): Set<string | undefined> | undefined {
  if (origins === undefined) return undefined;
  const parsed = Array.isArray(origins)
    ? origins.map((value) =>
        typeof value === 'string' || value instanceof URL ? originOf(value) : undefined,
      )
    : [undefined];
  if (parsed.includes(undefined))
    throw new InvalidOptionsError('origins', 'expected an array of absolute http(s) URLs');
  return new Set(parsed);
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
