import type { TokenSet } from './token-set.ts';
import type { TokenParams } from './token-sets.ts';
import type { Challenge } from './www-authenticate.ts';

/** Options of {@link TokenManager.getToken}: which token set, and how to wait for it. */
export interface GetTokenOptions extends TokenParams {
  /** Stops this caller's wait (it rejects with the signal's reason); the shared refresh goes on for the others. */
  signal?: AbortSignal | undefined;
  /** Get a new token even if the current one is valid (joins a refresh already under way). */
  forceRefresh?: boolean | undefined;
}

/** Signs DPoP proofs for resource requests (RFC 9449 §7) with the manager's key. */
export interface DpopProver {
  /** A fresh proof for one request: `htm`, `htu` (no query or fragment), `iat`, `jti`, `ath`, and the origin's nonce. */
  prove(method: string, url: string, accessToken: string): Promise<string>;
  /** Keeps a `DPoP-Nonce` a server sent, for the next proofs to its origin. */
  rememberNonce(url: string, nonce: string): void;
}

/** Keeps OAuth 2 tokens fresh for any number of concurrent callers: one token set per (scope, audience, resource). */
export interface TokenManager extends AsyncDisposable {
  /** The current token set: cached, refreshed ahead of expiry, one token request at a time (single flight). */
  getToken(options?: GetTokenOptions): Promise<TokenSet>;
  /** The current access token: `(await getToken(options)).accessToken`. */
  getAccessToken(options?: GetTokenOptions): Promise<string>;
  /**
   * Tells the manager a resource server refused `accessToken` (a 401). If it is
   * still the current token of its set, the next `getToken` gets a new one; if it is an
   * older one, nothing happens: the current token is newer than the one refused.
   */
  invalidate(accessToken: string, challenge?: Challenge): void;
  /** Logs out or revokes every session held, after token requests in flight settle; idempotent. Calls afterwards reject with `TokenManagerDisposedError`. */
  dispose(): Promise<void>;
  /** True once `dispose()` was called. */
  readonly disposed: boolean;
  /** What the manager's own token set is keyed by in a store (holds no secret). */
  readonly flightKey: string;
  /** The DPoP prover, when `dpop` is on. */
  readonly dpop?: DpopProver | undefined;
}
