import { createEndpointSource } from './endpoint-source.ts';
import {
  InvalidOptionsError,
  isTokenKeeperError,
  TokenEndpointError,
  TokenManagerDisposedError,
} from './errors.ts';
import type { TokenManagerEvent } from './events.ts';
import { fingerprint } from './flight-key.ts';
import { kit } from './kit.ts';
import type { GetTokenOptions, TokenManager } from './manager-types.ts';
import { type ObtainContext, obtainToken } from './obtain-token.ts';
import { onDemand } from './on-demand.ts';
import type { TokenManagerOptions } from './options.ts';
import { createRedactor } from './redact.ts';
import { resolveOptions } from './resolve-options.ts';
import { refusalHoldMs } from './retry-policy.ts';
import { createSessionBook } from './session-book.ts';
import type { SessionEndContext } from './session-end.ts';
import { createTokenCycler, type TokenCycler } from './token-cycler.ts';
import type { TokenSet } from './token-set.ts';
import { createTokenSets } from './token-sets.ts';

export type { DpopProver, GetTokenOptions, TokenManager } from './manager-types.ts';
export type { TokenParams } from './token-sets.ts';

// `await using` support where the runtime has the symbol, a registered stand-in where it does not.
const asyncDispose: typeof Symbol.asyncDispose =
  Symbol.asyncDispose ?? Symbol.for('Symbol.asyncDispose');

/**
 * Creates a token manager: the single-flight refresh engine every adapter uses.
 * Each token set (the manager's own, and one per distinct per-request scope,
 * audience and resource) is a {@link TokenCycler}; this file wires them to the
 * endpoint, the store and the sessions, and ends those sessions on dispose.
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
  const emit = (event: TokenManagerEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A listener's bug must not break token handling.
    }
  };
  const lifetime = new AbortController();
  const { signal } = lifetime;
  const sessions = createSessionBook();
  const endings = new Set<Promise<unknown>>();
  let disposal: Promise<void> | undefined;

  // What every token set's refreshes share; each set adds its own key, client profile and events.
  const shared: Omit<
    ObtainContext,
    'key' | 'isDefaultSet' | 'emit' | 'endpointContext' | 'endOwnSession'
  > = {
    grant,
    // A shared store and its protocol are loaded only by managers that have one.
    store:
      options.store &&
      onDemand(() =>
        import('./guarded-store.ts').then(({ createGuardedStore }) =>
          createGuardedStore(kit, options.store!, config, emit, signal),
        ),
      ),
    sessions,
    deadRefreshTokens: new Set(),
    leaseMs: Math.max(5_000, config.timeoutMs + 5_000),
    signal,
  };

  const sets = createTokenSets(
    config,
    (key, profile, isDefault) => {
      // Events of the manager's own set read as before; other sets name themselves.
      const set = isDefault ? undefined : fingerprint(key);
      const setEmit = (event: TokenManagerEvent) =>
        emit(set ? ({ ...event, set } as TokenManagerEvent) : event);
      const context: ObtainContext = {
        ...shared,
        key,
        isDefaultSet: isDefault,
        emit: setEmit,
        endpointContext: async () => ({
          endpoint: (await discovered()).tokenEndpoint,
          client: profile,
          fetch: config.fetch,
          timeoutMs: config.timeoutMs,
          retry: config.retry,
          defaultLifetimeMs: config.defaultLifetimeMs,
          redact,
          signal,
          now: Date.now,
          onRetry: (attempt, status, delayMs) =>
            emit({ type: 'token_request_retry', attempt, status, delayMs }),
          onIssued: (token) => cycler.hold(token), // dispose ends it even if cut short
          dpop: config.dpop?.forTokenEndpoint,
        }),
        // A session this manager opened gave way to a shared one: end it, unless another set runs on it.
        endOwnSession(own) {
          const others = sets.all().filter((other) => other !== cycler);
          if (!others.some((other) => other.current?.sessionId === own.sessionId))
            track(sessionEnd((end) => end.endSessions(kit, [own], endContext)));
        },
      };
      const cycler: TokenCycler = createTokenCycler({
        refreshWindowMs: config.refreshWindowMs,
        obtain: (replacing, background) => obtainToken(replacing, background, context),
        failed(error, background) {
          const endpointError = error instanceof TokenEndpointError ? error : undefined;
          setEmit({
            type: 'refresh_failed',
            // Whatever else failed a refresh failed the exchange with the endpoint.
            code: isTokenKeeperError(error) ? error.code : 'ERR_TOKEN_ENDPOINT',
            status: endpointError?.status,
            error: endpointError?.error,
            background,
          });
          return refusalHoldMs(error);
        },
      });
      return cycler;
    },
    // A dropped set's session ends as dispose would; its store entry goes with it.
    (key, dropped) => {
      const stopped = dropped.stop(new TokenManagerDisposedError());
      track(sessionEnd((end) => end.endDroppedSet(kit, key, dropped, stopped, endContext)));
    },
  );

  const redact = createRedactor(() => [
    client.clientSecret,
    grant.type === 'password' ? grant.password : undefined,
    grant.type === 'refresh_token' ? grant.refreshToken : undefined,
    ...[...sets.all().map((cycler) => cycler.current), ...sessions.opened()].flatMap((token) => [
      token?.accessToken,
      token?.refreshToken,
    ]),
  ]);

  const discovered = createEndpointSource(config, redact);

  // Ending sessions (logout or revocation: at dispose, of a dropped set, of one a shared store
  // replaced) is code loaded when a manager first ends one.
  const endContext: SessionEndContext = {
    config,
    discovered,
    redact,
    emit,
    sessions,
    sets,
    store: shared.store,
    endings,
  };
  const sessionEnd = (run: (end: typeof import('./session-end.ts')) => Promise<void>) =>
    import('./session-end.ts').then(run);

  function track(work: Promise<unknown>): void {
    const settled = work.catch(() => {}); // reported through onEvent; dispose waits for it
    endings.add(settled);
    void settled.finally(() => endings.delete(settled));
  }

  // Not async: one promise less per call on the hot path (every adapter request).
  function getToken(options?: GetTokenOptions): Promise<TokenSet> {
    try {
      if (disposal) throw new TokenManagerDisposedError();
      const cycler = sets.cyclerFor(options);
      options?.signal?.throwIfAborted();
      const force = options?.forceRefresh === true;
      // Another token set's cycler may come from a module still loading (first use of params).
      return cycler instanceof Promise
        ? cycler.then((loaded) => loaded.get(options?.signal, force))
        : cycler.get(options?.signal, force);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  function dispose(): Promise<void> {
    if (!disposal) {
      const error = new TokenManagerDisposedError();
      lifetime.abort(error); // no further retries or lock waits
      // Waiters leave now; the refreshes under way settle before sessions end.
      const stopped = Promise.all(sets.all().map((cycler) => cycler.stop(error)));
      disposal = sessionEnd((end) => end.disposeManager(kit, endContext, stopped));
    }
    return disposal;
  }

  const manager: TokenManager = {
    getToken,
    getAccessToken: (options) => getToken(options).then((token) => token.accessToken),
    invalidate(accessToken, challenge) {
      if (typeof accessToken !== 'string')
        throw new InvalidOptionsError(
          'accessToken',
          'expected the access token string that was refused',
        );
      if (disposal) return;
      const found = sets.entries().find(([, cycler]) => cycler.invalidate(accessToken));
      if (found) emit({ type: 'token_invalidated', set: fingerprint(found[0]), challenge });
    },
    dispose,
    [asyncDispose]: dispose,
    get disposed() {
      return !!disposal;
    },
    flightKey: sets.defaultKey,
    dpop: config.dpop?.prover,
  };
  // What a log shows of a manager: never a token or a secret.
  const label = `TokenManager(${client.clientId})`;
  Object.defineProperties(manager, {
    toJSON: {
      value: () => ({ type: 'TokenManager', clientId: client.clientId, disposed: !!disposal }),
    },
    toString: { value: () => label },
    [Symbol.for('nodejs.util.inspect.custom')]: { value: () => label },
  });
  return manager;
}
