import type { TokenManagerEvent } from './events.ts';
import type { TokenSet } from './token-set.ts';
import { createMemoryStore, type ReleaseLock, type TokenStore } from './token-store.ts';

/** A store whose failures become events instead of failed requests. */
export interface GuardedStore {
  get(key: string): Promise<TokenSet | undefined>;
  set(key: string, token: TokenSet, ttlMs: number): Promise<void>;
  /** Deletes the entry only if it still holds `accessToken` (a sibling may have stored a newer one). */
  deleteIf(key: string, accessToken: string): Promise<void>;
  lock(
    key: string,
    options: { leaseMs: number; waitMs: number; signal: AbortSignal },
  ): Promise<ReleaseLock | undefined>;
}

const MIN_TTL_MS = 1_000;

/**
 * Wraps the user's store so that an unavailable store (Redis down, say) never
 * fails a request: the manager goes on with its own copy and in-process single
 * flight, says `store_unavailable` once, and `store_recovered` when it answers again.
 */
export function createGuardedStore(
  store: TokenStore | undefined,
  emit: (event: TokenManagerEvent) => void,
): GuardedStore {
  const inner = store ?? createMemoryStore();
  let failing = false;

  async function guard<T>(operation: string, run: () => Promise<T> | T, fallback: T): Promise<T> {
    try {
      const result = await run();
      if (failing) {
        failing = false;
        emit({ type: 'store_recovered' });
      }
      return result;
    } catch (error) {
      if (!failing) {
        failing = true;
        const message = error instanceof Error ? error.name : 'unknown error';
        emit({ type: 'store_unavailable', operation, message });
      }
      return fallback;
    }
  }

  return {
    get: (key) => guard('get', () => inner.get(key), undefined),
    set: (key, token, ttlMs) =>
      guard('set', () => inner.set(key, token, Math.max(MIN_TTL_MS, Math.round(ttlMs))), undefined),
    deleteIf: (key, accessToken) =>
      guard(
        'delete',
        async () => {
          const stored = await inner.get(key);
          if (stored?.accessToken === accessToken) await inner.delete(key);
        },
        undefined,
      ),
    lock: async (key, { leaseMs, waitMs, signal }) => {
      if (!inner.lock || signal.aborted) return undefined;
      const release = await guard(
        'lock',
        () => inner.lock!(key, { leaseMs, waitMs, signal }),
        undefined,
      );
      if (!release) return undefined;
      return () => guard('unlock', release, undefined);
    },
  };
}
