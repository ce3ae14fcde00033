import type { TokenManagerEvent } from './events.ts';
import type { TokenStore } from './token-store.ts';

/** The grant that obtains a token when there is no refresh token to use. */
export type Grant =
  | { type: 'client_credentials' }
  | { type: 'password'; username: string; password: string }
  | { type: 'refresh_token'; refreshToken: string };

/**
 * How a token request is sent.
 * - `form`: `POST`, `application/x-www-form-urlencoded` (RFC 6749 §4.4.2): the default.
 * - `json`: `POST`, `application/json` (Auth0-style).
 * - `query`: `GET` with every parameter in the query string. This puts the
 *   client secret in a URL, where proxies and servers log it: opt in only when
 *   the provider demands it.
 */
export type RequestStyle = 'form' | 'json' | 'query';

/**
 * Client authentication, as OIDC names the methods: RFC 6749 §2.3.1 with the secret
 * (`client_secret_post`, `client_secret_basic`), none, or a JWT (RFC 7523 §2.2):
 * `private_key_jwt` signed with `privateKey`, `client_secret_jwt` (HS256 with the secret).
 */
export type ClientAuthentication =
  | 'client_secret_post'
  | 'client_secret_basic'
  | 'none'
  | 'private_key_jwt'
  | 'client_secret_jwt';

/** What `dispose()` does with the session the manager holds. */
export type LogoutOptions =
  | {
      /** Keycloak: `POST …/protocol/openid-connect/logout` with `client_id` and `refresh_token`. Defaults to the discovered `end_session_endpoint`. */
      kind: 'keycloak';
      endpoint?: string | URL;
    }
  | {
      /** RFC 7009 token revocation: the refresh token when there is one, else the access token. Defaults to the discovered `revocation_endpoint`. */
      kind: 'revocation';
      endpoint?: string | URL;
    }
  | false;

/** Retries of token endpoint calls after network errors, 5xx and 429 (passed to p-retry). */
export interface RetryOptions {
  /** Retries after the first attempt (a background refresh, while the token still works, makes one attempt). @default 14 */
  retries?: number;
  /** Delay before the first retry, ms (then doubled up to `maxTimeoutMs`, each randomised by up to −5%). @default 850 */
  minTimeoutMs?: number;
  /** Longest delay between two attempts, ms: a server that returns is tried again within it. @default 880 */
  maxTimeoutMs?: number;
  /** Total time one flight may spend retrying, ms. A `Retry-After` that would pass it ends the flight. @default 30000 */
  maxRetryTimeMs?: number;
}

/** Options of {@link createTokenManager}. */
export interface TokenManagerOptions {
  /** The token endpoint. Give this or `issuer`. */
  tokenEndpoint?: string | URL;
  /** An OIDC / RFC 8414 issuer: its discovery document (fetched once) gives the token, revocation and end-session endpoints. */
  issuer?: string | URL;
  clientId: string;
  /** The client secret; omit for public clients. */
  clientSecret?: string | undefined;
  /** @default { type: 'client_credentials' } */
  grant?: Grant;
  /** @default 'form' */
  requestStyle?: RequestStyle;
  /** @default 'client_secret_post' with a `clientSecret`, `private_key_jwt` with a `privateKey` or `clientAssertion`, else 'none' (`client_id` in the body) */
  clientAuthentication?: ClientAuthentication;
  /** `private_key_jwt`: the key that signs the client assertion, a `CryptoKey` or a private JWK (ES256, RS256, PS256, EdDSA). */
  privateKey?: CryptoKey | JsonWebKey | undefined;
  /** `private_key_jwt`: the `kid` header of the assertion. */
  keyId?: string | undefined;
  /** The `aud` of client assertions. @default the issuer when `issuer` is given (discovery), else the token endpoint URL */
  assertionAudience?: string | undefined;
  /**
   * A platform-issued client assertion instead of any secret (a Kubernetes service-account token,
   * a GitHub Actions OIDC token), called for every request (they rotate) and sent as
   * `client_assertion` with `client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer`.
   */
  clientAssertion?: (() => string | Promise<string>) | undefined;
  /**
   * DPoP (RFC 9449): tokens bound to a key pair of this manager (`true`: a new non-extractable
   * ES256 pair), proofs on token requests and on every resource request the adapters send.
   * DPoP-bound token sets are shared only between managers of one process that use the same
   * key pair: a store never hands them to a process that lacks the key.
   * @default false
   */
  dpop?: boolean | { keyPair: CryptoKeyPair } | undefined;
  /** Space-separated scopes to request. */
  scope?: string | undefined;
  /** The API the token is for (Auth0's `audience`). */
  audience?: string | undefined;
  /** Extra parameters for every token request (RFC 8707 `resource`, say). */
  params?: Record<string, string> | undefined;
  /** @default revocation when discovery gives a revocation endpoint, else false */
  logout?: LogoutOptions;
  /**
   * Refresh this long before the token expires; callers keep getting the current
   * token meanwhile. Never more than half the token's lifetime, so a short-lived
   * token is used before the next refresh starts.
   * @default 10% of the token's lifetime, at most 60 s, and for short-lived tokens at least
   *   the smaller of 1 s and a quarter of the lifetime
   */
  refreshWindowMs?: number;
  /** Lifetime assumed when the response has neither `expires_in` nor a JWT `exp`, ms. @default 300000 */
  defaultLifetimeMs?: number;
  /** Where tokens are kept; share one (such as `@tokenkeeper/redis`) to share tokens across managers or processes. @default a store of this manager's own, in memory */
  store?: TokenStore;
  /** The fetch to call endpoints with. @default globalThis.fetch */
  fetch?: typeof fetch;
  retry?: RetryOptions;
  /** Time limit of one HTTP attempt to an endpoint, ms. @default 10000 */
  timeoutMs?: number;
  /** Told of what the manager does; payloads hold no secret or token. A listener that throws is ignored. */
  onEvent?: (event: TokenManagerEvent) => void;
  /** Allow plain `http:` endpoints on hosts that are not loopback. @default false */
  allowInsecureHttp?: boolean;
  /**
   * How many token sets (one per distinct per-request scope, audience and resource) the manager
   * keeps, its own included; the least recently used beyond it is dropped and its session ended.
   * @default 32
   */
  maxTokenSets?: number;
  /**
   * What to do while a shared `store` does not answer: `'alone'` goes on without it (own token
   * request and single flight in this process; right for client_credentials); `'wait'` retries
   * the store for up to `storeWaitMs`, then fails the call with code `ERR_STORE` (right for
   * providers with a session limit, such as Keycloak, where going alone opens sessions).
   * @default 'alone'
   */
  whenStoreUnavailable?: 'alone' | 'wait';
  /** With `whenStoreUnavailable: 'wait'`, how long a call waits for the store, ms. @default 10000 */
  storeWaitMs?: number;
}
