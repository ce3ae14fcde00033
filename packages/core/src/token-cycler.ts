import { abortable } from './abortable.ts';
import { keepAlive } from './timers.ts';
import { lifetimeOf, type TokenSet } from './token-set.ts';

/** What a cycler calls: everything about *how* a token is obtained lives behind these. */
export interface CyclerHooks {
  /** One refresh: store, lock, refresh-token grant, primary grant. `replacing` is the token it replaces. */
  obtain(replacing: TokenSet | undefined, background: boolean): Promise<TokenSet>;
  /**
   * Told of a failed refresh; `background` when no caller was waiting for it. Returns how long
   * callers without a usable token get this same failure instead of a new request (ms).
   */
  failed(error: unknown, background: boolean): number;
  /** The refresh window the user configured, ms (`undefined`: the default rule). */
  refreshWindowMs: number | undefined;
}

/** One token set kept fresh: the single-flight core of a manager, with no HTTP in it. */
export interface TokenCycler {
  /** The current token, refreshing first only when there is none usable. */
  get(signal: AbortSignal | undefined, forceRefresh: boolean): Promise<TokenSet>;
  /** Makes `token` the current one (a token that just arrived, or one adopted from a store). */
  hold(token: TokenSet): void;
  /** After a 401: refresh at the next call, if `accessToken` is still the current token. */
  invalidate(accessToken: string): boolean;
  /** The token held now, valid or not. */
  readonly current: TokenSet | undefined;
  /** Ends the cycler: waiters reject with `reason`; resolves once the refresh under way settled. */
  stop(reason: unknown): Promise<void>;
}

// One refresh: `result` is what callers await (released early by stop), `work` is the refresh itself.
interface Flight {
  result: Promise<TokenSet>;
  reject: (error: unknown) => void;
  work: Promise<void>;
  /** Set once a caller waits: keeps the process alive through the flight's unref'd backoff timers. */
  release?: () => void;
}

/**
 * The token cycle, in three rules (the shape of Azure's `tokenCycler`):
 * - *must refresh*: no token, an invalidated one, or an expired one: callers wait for a flight;
 * - *should refresh*: inside the refresh window: one background flight, callers keep the current token;
 * - *is refreshing*: callers join the flight under way; there is never more than one.
 * No timer runs between calls, so an idle cycler costs nothing and keeps no process alive.
 */
export function createTokenCycler(hooks: CyclerHooks): TokenCycler {
  let current: TokenSet | undefined;
  let invalidated = false;
  let flight: Flight | undefined;
  let nextBackgroundRefreshAt = 0;
  // A refusal (a wrong secret, a session limit) that comes twice in a row is answered again for
  // a moment, not asked again by every caller: a thousand requests a second must not become a
  // thousand logins. The first is not held: the next call may well be the one that works.
  let refusal: { error: unknown; until: number } | undefined;
  let refusedInARow = 0;

  const mustRefresh = (now: number) => !current || invalidated || now >= current.expiresAt;
  const shouldRefresh = (token: TokenSet, now: number) =>
    now >= token.expiresAt - refreshWindow(token, hooks.refreshWindowMs) &&
    now >= nextBackgroundRefreshAt;
  const isRefreshing = () => flight !== undefined;

  function startFlight(background: boolean): Flight {
    let resolve!: (token: TokenSet) => void;
    let reject!: (error: unknown) => void;
    const result = new Promise<TokenSet>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    result.catch(() => {}); // a background refresh may have no waiter
    // The flight ends in the same step that settles it: a caller arriving after the
    // result (say, with an invalidate in between) must start a new one, not join this one.
    const end = () => {
      started.release?.();
      if (flight === started) flight = undefined;
    };
    const work = hooks.obtain(current, background).then(
      (token) => {
        end();
        refusal = undefined;
        refusedInARow = 0;
        hold(token);
        resolve(token);
      },
      (error: unknown) => {
        end();
        const now = Date.now();
        if (current && !mustRefresh(now)) {
          // The current token still works: try again later, not at every call meanwhile.
          nextBackgroundRefreshAt =
            now + Math.min(Math.max((current.expiresAt - now) / 4, 1_000), 30_000);
        }
        const holdMs = hooks.failed(error, background);
        refusedInARow = holdMs > 0 ? refusedInARow + 1 : 0;
        if (refusedInARow >= 2) refusal = { error, until: Date.now() + holdMs };
        reject(error);
      },
    );
    const started: Flight = { result, reject, work };
    flight = started;
    return started;
  }

  function hold(token: TokenSet) {
    current = token;
    invalidated = false;
  }

  return {
    get(signal, forceRefresh) {
      const now = Date.now();
      if (!forceRefresh && current && !mustRefresh(now)) {
        if (!isRefreshing() && shouldRefresh(current, now)) startFlight(true);
        return Promise.resolve(current);
      }
      if (!flight && !forceRefresh && refusal && now < refusal.until) {
        return Promise.reject(refusal.error);
      }
      const awaited = flight ?? startFlight(false);
      awaited.release ??= keepAlive();
      return abortable(awaited.result, signal);
    },
    hold,
    invalidate(accessToken) {
      if (current?.accessToken !== accessToken || invalidated) return false;
      invalidated = true;
      return true;
    },
    get current() {
      return current;
    },
    async stop(reason) {
      const inFlight = flight;
      inFlight?.reject(reason); // waiters leave now
      inFlight?.release?.();
      await inFlight?.work; // the attempt under way may still open a session: wait for it
    },
  };
}

/**
 * How long before expiry a refresh starts: 10% of the lifetime, up to a minute; for
 * short-lived tokens at least a second (or a quarter of the lifetime), which a request in
 * flight and a busy event loop can take. Never more than half the lifetime, so a
 * short-lived token is handed out before the next refresh starts.
 */
export function refreshWindow(token: TokenSet, configuredMs: number | undefined): number {
  const life = lifetimeOf(token);
  const byDefault = Math.min(60_000, Math.max(life * 0.1, Math.min(1_000, life * 0.25)));
  return Math.min(configuredMs ?? byDefault, life / 2);
}
