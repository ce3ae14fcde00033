/**
 * Every error tokenkeeper throws extends {@link TokenKeeperError} and carries a
 * stable `code` to `switch` on. Messages never contain a secret or a token:
 * what came from a server is scrubbed of the secrets the manager knows before it
 * lands in a message, and nothing large or secret is attached as an enumerable
 * property, so a log line that dumps the error dumps nothing sensitive.
 */
export type TokenKeeperErrorCode =
  | 'ERR_TOKEN_ENDPOINT'
  | 'ERR_INVALID_TOKEN_RESPONSE'
  | 'ERR_TOKEN_MANAGER_DISPOSED'
  | 'ERR_INSECURE_ENDPOINT'
  | 'ERR_INVALID_OPTIONS'
  /** A token store failed (thrown by stores such as @tokenkeeper/redis; the manager itself carries on without it). */
  | 'ERR_STORE';

/** Base class of every tokenkeeper error. Check `code` (or {@link isTokenKeeperError}) rather than `instanceof` across realms. */
export class TokenKeeperError extends Error {
  // `declare`: the constructor sets it, so no field initialiser is emitted (smaller bundle).
  declare readonly code: TokenKeeperErrorCode;

  constructor(code: TokenKeeperErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    // Spelled out for core's own classes: a minifying bundler renames classes. Others' own
    // subclasses (RedisStoreError) keep their class name.
    this.name = NAMES.get(new.target) ?? new.target.name;
    this.code = code;
  }
}

/**
 * The token endpoint (or the logout, revocation or discovery endpoint) refused
 * the request or could not be reached.
 *
 * `status` is the HTTP status (`undefined` for a network error or a timeout);
 * `error` and `errorDescription` are the OAuth error body's fields
 * ({@link https://www.rfc-editor.org/rfc/rfc6749#section-5.2 | RFC 6749 §5.2}),
 * `undefined` when the body had none (a 5xx page, a network error). After the
 * retries for 5xx/429/network errors run out, it describes the last attempt.
 */
export class TokenEndpointError extends TokenKeeperError {
  declare readonly status: number | undefined;
  declare readonly error: string | undefined;
  declare readonly errorDescription: string | undefined;
  /** The server's `Retry-After`, in ms from when it answered, when it sent a readable one. */
  declare readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    details: {
      status?: number | undefined;
      error?: string | undefined;
      errorDescription?: string | undefined;
      retryAfterMs?: number | undefined;
    },
    options?: { cause?: unknown },
  ) {
    super('ERR_TOKEN_ENDPOINT', message, options);
    this.status = details.status;
    this.error = details.error;
    this.errorDescription = details.errorDescription;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/**
 * The token endpoint answered 2xx with something that is not a usable bearer
 * token response: not JSON, no `access_token`, a `token_type` other than
 * `Bearer` (such as `DPoP`), an `expires_in` that is negative, not a number or
 * above ten years. `field` names the offending member when there is one.
 */
export class InvalidTokenResponseError extends TokenKeeperError {
  declare readonly field: string | undefined;

  constructor(message: string, field?: string) {
    super('ERR_INVALID_TOKEN_RESPONSE', message);
    this.field = field;
  }
}

/**
 * A shared token store did not answer, and the manager was told to wait for it
 * (`whenStoreUnavailable: 'wait'`) no longer than `storeWaitMs`. Stores such as
 * `@tokenkeeper/redis` throw errors with the same code for their own failures.
 */
export class TokenStoreError extends TokenKeeperError {
  constructor(message: string) {
    super('ERR_STORE', message);
  }
}

/** The manager was disposed: calls made afterwards, and callers still waiting when it happened, get this. */
export class TokenManagerDisposedError extends TokenKeeperError {
  constructor() {
    super('ERR_TOKEN_MANAGER_DISPOSED', 'The token manager has been disposed');
  }
}

/**
 * A token, logout, revocation or discovery endpoint uses plain `http:` on a host
 * that is not loopback. Thrown by `createTokenManager` before any network call
 * (or by the first call, for endpoints learned by discovery). Opt in with
 * `allowInsecureHttp: true`.
 */
export class InsecureEndpointError extends TokenKeeperError {
  constructor(message: string) {
    super('ERR_INSECURE_ENDPOINT', message);
  }
}

/** An option passed to a tokenkeeper factory is missing, of the wrong type or out of range. */
export class InvalidOptionsError extends TokenKeeperError {
  declare readonly option: string;

  constructor(option: string, message: string) {
    super('ERR_INVALID_OPTIONS', `Invalid option \`${option}\`: ${message}`);
    this.option = option;
  }
}

// Every code above, as one pattern (the shared `ERR_` prefix written once).
const CODES =
  /^ERR_(TOKEN_(ENDPOINT|MANAGER_DISPOSED)|INVALID_(TOKEN_RESPONSE|OPTIONS)|INSECURE_ENDPOINT|STORE)$/;

/** True for any tokenkeeper error, also one thrown by another copy of the package (another realm or bundle). */
export function isTokenKeeperError(value: unknown): value is TokenKeeperError {
  const code = (value as { code?: unknown } | null)?.code;
  return (
    value instanceof TokenKeeperError ||
    (value instanceof Error && typeof code === 'string' && CODES.test(code))
  );
}

const NAMES = new Map<abstract new (...args: never[]) => TokenKeeperError, string>([
  [TokenKeeperError, 'TokenKeeperError'],
  [TokenEndpointError, 'TokenEndpointError'],
  [InvalidTokenResponseError, 'InvalidTokenResponseError'],
  [TokenStoreError, 'TokenStoreError'],
  [TokenManagerDisposedError, 'TokenManagerDisposedError'],
  [InsecureEndpointError, 'InsecureEndpointError'],
  [InvalidOptionsError, 'InvalidOptionsError'],
]);
