import { abortable } from './abortable.ts';
import { discoverEndpoints, type ServerEndpoints } from './discovery.ts';
import {
  InvalidOptionsError,
  isTokenKeeperError,
  TokenEndpointError,
  TokenManagerDisposedError,
} from './errors.ts';
import type { TokenManagerEvent } from './events.ts';
import { flightKey } from './flight-key.ts';
import { createGuardedStore } from './guarded-store.ts';
import { endSession } from './logout.ts';
import type { TokenManagerOptions } from './options.ts';
import { createRedactor } from './redact.ts';
import { resolveOptions } from './resolve-options.ts';
import { keepAlive } from './timers.ts';
import { requestToken, type TokenRequestContext } from './token-endpoint-client.ts';
import type { Params } from './token-request.ts';
import { lifetimeOf, type TokenSet } from './token-set.ts';

/** Options of {@link TokenManager.getToken}. */
export interface GetTokenOptions {
  /** Stops this caller's wait (it rejects with the signal's reason); the shared refresh goes on for the others. */
  signal?: AbortSignal | undefined;
  /** Get a new token even if the current one is valid (joins a refresh already under way). */
  forceRefresh?: boolean | undefined;
}

/** Keeps one OAuth 2 bearer token fresh for any number of concurrent callers. */
export interface TokenManager extends AsyncDisposable {
  /** The current token set: cached, refreshed ahead of expiry, one token request at a time (single flight). */
  getToken(options?: GetTokenOptions): Promise<TokenSet>;
  /** The current access token: `(await getToken(options)).accessToken`. */
  getAccessToken(options?: GetTokenOptions): Promise<string>;
  /**
   * Tells the manager a resource server refused `accessToken` (a 401). If it is
   * still the current token, the next `getToken` gets a new one; if it is an
   * older one, nothing happens: the current token is newer than the one refused.
   */
  invalidate(accessToken: string): void;
  /** Logs out or revokes the session held, after a token request in flight settles; idempotent. Calls afterwards reject with `TokenManagerDisposedError`. */
  dispose(): Promise<void>;
  /** True once `dispose()` was called. */
  readonly disposed: boolean;
  /** What tokens of this manager are keyed by in a store (holds no secret). */
  readonly flightKey: string;
}

// One refresh: `result` is what callers await (released early on dispose), `work` is the refresh itself.
interface Flight {
  result: Promise<TokenSet>;
  reject: (error: unknown) => void;
  work: Promise<void>;
  /** Set once a caller waits: keeps the process alive through the flight's unref'd backoff timers. */
  release?: () => void;
}

const MIN_LEASE_MS = 5_000;

// `await using` support where the runtime has the symbol, a registered stand-in where it does not.
const asyncDispose: typeof Symbol.asyncDispose =
  Symbol.asyncDispose ?? Symbol.for('Symbol.asyncDispose');

/**
 * Creates a token manager: the single-flight refresh engine every adapter uses.
 *
 * A token is *usable* until `expiresAt`; from `expiresAt - refreshWindow` on, the
 * first caller starts a refresh in the background and every caller keeps getting
 * the current token; with no usable token, callers wait for the one refresh under
 * way. No timer runs between calls, so an idle manager costs nothing and keeps no
 * process alive.
 *
 * @throws InvalidOptionsError or InsecureEndpointError for bad options, before any network call.
 * @example
 * const tokens = createTokenManager({
 *   tokenEndpoint: 'https://idp.example.com/oauth/token',
 *   clientId: 'my-service',
 *   clientSecret: process.env.CLIENT_SECRET,
 * });
 * const token = await tokens.getAccessToken();
 */
export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const config = resolveOptions(options);
  const { client, grant } = config;
  const key = flightKey({
    endpoint: (config.tokenEndpoint ?? config.issuer)!.href,
    clientId: client.clientId,
    grant,
    scope: client.scope,
    audience: client.audience,
    params: client.params,
  });
  const onEvent = options.onEvent;
  const emit = (event: TokenManagerEvent) => {
    try {
      onEvent?.(event);
    } catch {
      // A listener's bug must not break token handling.
    }
  };
  const store = createGuardedStore(options.store, emit);
  const lifetime = new AbortController();
  const leaseMs = Math.max(MIN_LEASE_MS, config.timeoutMs + 5_000);

  let current: TokenSet | undefined;
  let invalidated = false;
  let flight: Flight | undefined;
  let nextBackgroundRefreshAt = 0;
  let endpoints: Promise<ServerEndpoints> | undefined;
  let disposal: Promise<void> | undefined;

  const redact = createRedactor(() => [
    client.clientSecret,
    grant.type === 'password' ? grant.password : undefined,
    grant.type === 'refresh_token' ? grant.refreshToken : undefined,
    current?.accessToken,
    current?.refreshToken,
  ]);

  function refreshWindow(token: TokenSet): number {
    const life = lifetimeOf(token);
    // 10% of the lifetime, up to a minute; for short-lived tokens at least a second (or a
    // quarter of the lifetime), which a request in flight and a busy event loop can take.
    const byDefault = Math.min(60_000, Math.max(life * 0.1, Math.min(1_000, life * 0.25)));
    // Never more than half the lifetime: a short-lived token is handed out before the next refresh.
    return Math.min(config.refreshWindowMs ?? byDefault, life / 2);
  }
  const mustRefresh = (now: number) => !current || invalidated || now >= current.expiresAt;
  const shouldRefresh = (token: TokenSet, now: number) =>
    now >= token.expiresAt - refreshWindow(token) && now >= nextBackgroundRefreshAt;

  function resolveEndpoints(): Promise<ServerEndpoints> {
    if (config.tokenEndpoint) return Promise.resolve({ tokenEndpoint: config.tokenEndpoint });
    endpoints ??= discoverEndpoints(config.issuer!, { ...config, redact }).catch(
      (error: unknown) => {
        endpoints = undefined; // try again with the next flight
        throw error;
      },
    );
    return endpoints;
  }

  function hold(token: TokenSet) {
    current = token;
    invalidated = false;
  }

  function startFlight(background: boolean): Flight {
    let resolve!: (token: TokenSet) => void;
    let reject!: (error: unknown) => void;
    const result = new Promise<TokenSet>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    result.catch(() => {}); // a background refresh may have no waiter
    const work = obtain(current).then(resolve, (error: unknown) => {
      const now = Date.now();
      if (current && !mustRefresh(now)) {
        // The current token still works: try again later, not at every call meanwhile.
        nextBackgroundRefreshAt =
          now + Math.min(Math.max((current.expiresAt - now) / 4, 1_000), 30_000);
      }
      emit({
        type: 'refresh_failed',
        code: isTokenKeeperError(error) ? error.code : 'ERR_UNKNOWN',
        status: error instanceof TokenEndpointError ? error.status : undefined,
        error: error instanceof TokenEndpointError ? error.error : undefined,
        background,
      });
      reject(error);
    });
    const started: Flight = { result, reject, work };
    flight = started;
    void work.finally(() => {
      started.release?.();
      if (flight === started) flight = undefined;
    });
    return started;
  }

  // One refresh: a token a sibling already stored, else the refresh token, else the primary grant.
  async function obtain(replacing: TokenSet | undefined): Promise<TokenSet> {
    const { tokenEndpoint } = await resolveEndpoints();
    const fresher = (stored: TokenSet | undefined) =>
      stored !== undefined &&
      stored.accessToken !== replacing?.accessToken &&
      Date.now() < stored.expiresAt &&
      stored.expiresAt >= (replacing?.expiresAt ?? 0);

    let stored = await store.get(key);
    if (fresher(stored)) return adoptStored(stored!);
    const release = await store.lock(key, {
      leaseMs,
      waitMs: leaseMs + config.timeoutMs,
      signal: lifetime.signal,
    });
    try {
      if (release) {
        stored = await store.get(key);
        if (fresher(stored)) return adoptStored(stored!);
      }
      // The newest refresh token we know of: a sibling may have rotated it.
      const base = stored && stored.issuedAt > (replacing?.issuedAt ?? 0) ? stored : replacing;
      const token = await fetchToken(tokenEndpoint, base);
      await store.set(key, token, storeTtl(token));
      return token;
    } finally {
      await release?.();
    }
  }

  function adoptStored(token: TokenSet): TokenSet {
    hold(token);
    emit({ type: 'token_from_store', expiresAt: token.expiresAt });
    return token;
  }

  async function fetchToken(tokenEndpoint: URL, base: TokenSet | undefined): Promise<TokenSet> {
    const context: TokenRequestContext = {
      endpoint: tokenEndpoint,
      client,
      fetch: config.fetch,
      timeoutMs: config.timeoutMs,
      retry: config.retry,
      defaultLifetimeMs: config.defaultLifetimeMs,
      redact,
      signal: lifetime.signal,
      now: Date.now,
      onRetry: (attempt, status, delayMs) =>
        emit({ type: 'token_request_retry', attempt, status, delayMs }),
      // Held the moment it arrives, so dispose() ends this session even if the flight is cut short.
      onIssued: hold,
    };
    const refreshToken =
      base?.refreshToken ?? (grant.type === 'refresh_token' ? grant.refreshToken : undefined);
    const refreshUsable =
      base?.refreshExpiresAt === undefined || Date.now() < base.refreshExpiresAt;
    if (refreshToken && (refreshUsable || grant.type === 'refresh_token')) {
      const startedAt = Date.now();
      try {
        const params: Params = [
          ['grant_type', 'refresh_token'],
          ['refresh_token', refreshToken],
        ];
        const token = await requestToken(params, base, context, { refresh: true });
        emit({
          type: base ? 'token_refreshed' : 'token_acquired',
          grant: 'refresh_token',
          expiresAt: token.expiresAt,
          durationMs: Date.now() - startedAt,
        });
        return token;
      } catch (error) {
        // RFC 6749 §5.2: invalid_grant means the refresh token is dead; log in again, once.
        const dead = error instanceof TokenEndpointError && error.error === 'invalid_grant';
        if (!dead || grant.type === 'refresh_token' || lifetime.signal.aborted) throw error;
        emit({ type: 'refresh_token_rejected' });
      }
    }
    const startedAt = Date.now();
    const token = await requestToken(primaryGrantParams(), undefined, context);
    emit({
      type: 'token_acquired',
      grant: grant.type,
      expiresAt: token.expiresAt,
      durationMs: Date.now() - startedAt,
    });
    return token;
  }

  function primaryGrantParams(): Params {
    switch (grant.type) {
      case 'password':
        return [
          ['grant_type', 'password'],
          ['username', grant.username],
          ['password', grant.password],
        ];
      case 'refresh_token':
        return [
          ['grant_type', 'refresh_token'],
          ['refresh_token', grant.refreshToken],
        ];
      default:
        return [['grant_type', grant.type]];
    }
  }

  async function getToken(options: GetTokenOptions = {}): Promise<TokenSet> {
    const { signal, forceRefresh = false } = readGetTokenOptions(options);
    if (disposal) throw new TokenManagerDisposedError();
    signal?.throwIfAborted();
    const now = Date.now();
    if (!forceRefresh && current && !mustRefresh(now)) {
      if (!flight && shouldRefresh(current, now)) startFlight(true);
      return current;
    }
    const awaited = flight ?? startFlight(false);
    awaited.release ??= keepAlive();
    return abortable(awaited.result, signal);
  }

  function dispose(): Promise<void> {
    if (disposal) return disposal;
    const error = new TokenManagerDisposedError();
    const inFlight = flight;
    lifetime.abort(error); // no further retries or lock waits
    inFlight?.reject(error); // waiters leave now
    inFlight?.release?.();
    disposal = (async () => {
      await inFlight?.work; // the attempt under way may still open a session: wait for it
      const held = current;
      emit({ type: 'disposed' });
      if (!held || config.logout === false) return;
      try {
        // In a shared store a sibling may hold the session's newer, rotated refresh token.
        const stored = await store.get(key);
        const newest = stored && stored.issuedAt >= held.issuedAt ? stored : held;
        current = newest; // its tokens are scrubbed from errors too
        await store.deleteIf(key, newest.accessToken);
        await logOut(newest);
      } finally {
        current = undefined; // only now: until the logout answered, its tokens are scrubbed from errors
      }
    })();
    return disposal;
  }

  async function logOut(token: TokenSet): Promise<void> {
    if (config.logout === false) return;
    const known = config.issuer ? await resolveEndpoints() : undefined;
    const kind = config.logout === 'auto' ? 'revocation' : config.logout.kind;
    const endpoint =
      config.logout === 'auto'
        ? known?.revocationEndpoint
        : (config.logout.endpoint ??
          (kind === 'keycloak' ? known?.endSessionEndpoint : known?.revocationEndpoint));
    if (!endpoint) {
      if (config.logout === 'auto') return;
      throw new InvalidOptionsError(
        'logout.endpoint',
        `the issuer's metadata has no ${kind} endpoint`,
      );
    }
    try {
      const ended = await endSession(token, {
        kind,
        endpoint,
        client,
        fetch: config.fetch,
        timeoutMs: config.timeoutMs,
        redact,
      });
      if (ended) emit({ type: 'logged_out', kind });
    } catch (error) {
      emit({
        type: 'logout_failed',
        kind,
        status: error instanceof TokenEndpointError ? error.status : undefined,
      });
      throw error;
    }
  }

  const manager: TokenManager = {
    getToken,
    // Same as getToken, minus one promise per call on the hot path (every adapter request).
    getAccessToken: (options) => getToken(options).then((token) => token.accessToken),
    invalidate(accessToken: string) {
      if (typeof accessToken !== 'string')
        throw new InvalidOptionsError(
          'accessToken',
          'expected the access token string that was refused',
        );
      if (current?.accessToken === accessToken && !invalidated && !disposal) {
        invalidated = true;
        emit({ type: 'token_invalidated' });
      }
    },
    dispose,
    [asyncDispose]: dispose,
    get disposed() {
      return disposal !== undefined;
    },
    flightKey: key,
  };
  // What a log shows of a manager: never a token or a secret.
  const describe = () => ({
    type: 'TokenManager',
    clientId: client.clientId,
    disposed: disposal !== undefined,
  });
  Object.defineProperties(manager, {
    toJSON: { value: describe },
    toString: { value: () => `TokenManager(${client.clientId})` },
    [Symbol.for('nodejs.util.inspect.custom')]: {
      value: () => `TokenManager { clientId: '${client.clientId}' }`,
    },
  });
  return manager;

  function storeTtl(token: TokenSet): number {
    const refreshFor = token.refreshToken
      ? (token.refreshExpiresAt ?? Date.now() + 30 * 86_400_000)
      : 0;
    return Math.max(token.expiresAt, refreshFor) - Date.now();
  }
}

function readGetTokenOptions(options: GetTokenOptions | null | undefined): GetTokenOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object')
    throw new InvalidOptionsError('getToken', 'expected an options object');
  const { signal } = options;
  if (
    signal !== undefined &&
    (typeof signal !== 'object' || typeof signal?.addEventListener !== 'function')
  ) {
    throw new InvalidOptionsError('signal', 'expected an AbortSignal');
  }
  return options;
}
