import type { TokenManagerEvent } from './events.ts';
import type { Kit } from './kit.ts';
import type { ResolvedOptions } from './resolve-options.ts';
import { isUsableTokenSet } from './stored-token-set.ts';
import type { TokenSet } from './token-set.ts';
import type { ReleaseLock, TokenStore } from './token-store.ts';

/** A store whose failures become events (or, when told to wait, a bounded wait) instead of failed requests. */
export interface GuardedStore {
  get(key: string): Promise<TokenSet | undefined>;
  set(key: string, token: TokenSet, ttlMs: number): Promise<void>;
  /** Deletes the entry only if it still holds `accessToken` (a sibling may have stored a newer one). */
  deleteIf(key: string, accessToken: string): Promise<void>;
  /** At dispose: the newer of `held` and what `key` holds (a sibling may have rotated the session), its entry deleted. */
  takeBack(key: string, held: TokenSet): Promise<TokenSet>;
  lock(
    key: string,
    options: { leaseMs: number; waitMs: number; signal: AbortSignal },
  ): Promise<ReleaseLock | undefined>;
}

const MIN_TTL_MS = 1_000;
const unavailable = Symbol('unavailable');

/**
 * Wraps the user's store. Every call is bounded in time: a store that does not
 * answer is unavailable, like one that throws. Then the manager either goes on
 * with its own copy and in-process single flight (`alone`, saying
 * `store_unavailable` once and `store_recovered` when it answers again), or
 * waits for it, bounded (`wait`). What the store returns is checked like a token
 * response: a bad entry is a miss.
 */
export function createGuardedStore(
  kit: Kit,
  inner: TokenStore,
  config: ResolvedOptions,
  emit: (event: TokenManagerEvent) => void,
  signal: AbortSignal,
): GuardedStore {
  const options = {
    // `alone`: go on without the store; `wait`: retry it for up to `waitMs`, then fail with ERR_STORE.
    whenUnavailable: config.whenStoreUnavailable,
    waitMs: config.storeWaitMs,
    // The longest a get, set or delete may take before the store counts as unavailable.
    callTimeoutMs: Math.min(config.timeoutMs, 5_000),
    // DPoP-bound entries are usable only with DPoP on.
    dpop: config.dpop !== undefined,
  };
  let failing = false;

  function once<T>(operation: string, run: () => Promise<T> | T, timeoutMs: number) {
    return new Promise<T | typeof unavailable>((resolve) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        fail(new Error('timed out'));
      }, timeoutMs);
      (timer as { unref?: () => void }).unref?.();
      const fail = (error: unknown) => {
        clearTimeout(timer);
        if (!failing) {
          failing = true;
          const message = error instanceof Error ? error.name : 'unknown error';
          emit({ type: 'store_unavailable', operation, message });
        }
        resolve(unavailable);
      };
      Promise.resolve()
        .then(run)
        .then((result) => {
          // A lock granted after we gave up on it is released at once, not left to its lease.
          if (timedOut) return void (typeof result === 'function' && result());
          clearTimeout(timer);
          if (failing) {
            failing = false;
            emit({ type: 'store_recovered' });
          }
          resolve(result);
        }, fail);
    });
  }

  async function guard<T>(
    operation: string,
    run: () => Promise<T> | T,
    fallback: T,
    timeoutMs = options.callTimeoutMs,
  ): Promise<T> {
    const deadline = Date.now() + options.waitMs;
    for (let pause = 50; ; pause = Math.min(pause * 2, 1_000)) {
      const result = await once(operation, run, timeoutMs);
      if (result !== unavailable) return result;
      if (options.whenUnavailable === 'alone' || signal.aborted) return fallback;
      if (Date.now() + pause >= deadline) {
        throw new kit.TokenStoreError(
          `The token store did not answer within storeWaitMs (${options.waitMs} ms)`,
        );
      }
      await kit.sleep(pause, signal);
    }
  }

  return {
    get: async (key) => {
      const entry = await guard('get', () => inner.get(key), undefined);
      return isUsableTokenSet(kit, entry, options.dpop) ? entry : undefined;
    },
    set: (key, token, ttlMs) =>
      guard('set', () => inner.set(key, token, Math.max(MIN_TTL_MS, Math.round(ttlMs))), undefined),
    deleteIf: (key, accessToken) =>
      guard(
        'delete',
        async () => {
          const stored = await inner.get(key);
          if ((stored as TokenSet | undefined)?.accessToken === accessToken)
            await inner.delete(key);
        },
        undefined,
      ),
    async takeBack(key, held) {
      const stored = await this.get(key);
      const newest = stored && stored.issuedAt >= held.issuedAt ? stored : held;
      await this.deleteIf(key, newest.accessToken);
      return newest;
    },
    lock: async (key, { leaseMs, waitMs, signal: lockSignal }) => {
      if (!inner.lock || lockSignal.aborted) return undefined;
      const release = await guard(
        'lock',
        () => inner.lock!(key, { leaseMs, waitMs, signal: lockSignal }),
        undefined,
        waitMs + options.callTimeoutMs,
      );
      if (!release) return undefined;
      return () => guard('unlock', release, undefined);
    },
  };
}
