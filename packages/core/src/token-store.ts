import type { TokenSet } from './token-set.ts';

/** Releases a lock taken with {@link TokenStore.lock}. Never throws. */
export type ReleaseLock = () => Promise<void>;

/**
 * Where managers keep token sets, under a flight key that identifies endpoint,
 * client, grant identity, scope, audience and resource (and holds no secret).
 *
 * Methods may be sync or async. A store that fails (throws or rejects) does not
 * fail a request: the manager carries on with its own copy and single flight in
 * this process, and says so through `onEvent`.
 */
export interface TokenStore {
  get(key: string): Promise<TokenSet | undefined> | TokenSet | undefined;
  /** `ttlMs`: how long the entry is worth keeping (the longer of the access and refresh token lifetimes). */
  set(key: string, token: TokenSet, ttlMs: number): Promise<void> | void;
  delete(key: string): Promise<void> | void;
  /**
   * Optional cross-process single flight: resolves once this process holds the
   * lock for `key` (held for at most `leaseMs`, so a holder that dies frees it),
   * or with `undefined` when `waitMs` passed first or `signal` aborted. The manager re-reads the
   * store after taking the lock: a sibling may already have refreshed.
   */
  lock?(
    key: string,
    options: { leaseMs: number; waitMs: number; signal?: AbortSignal },
  ): Promise<ReleaseLock | undefined>;
}

/**
 * A {@link TokenStore} in this process's memory: the default, one per manager.
 * Pass one instance to several managers to let them share tokens.
 *
 * @example
 * const store = createMemoryStore();
 * const a = createTokenManager({ ...options, store });
 */
export function createMemoryStore(): TokenStore {
  const entries = new Map<string, TokenSet>();
  return {
    get: (key) => entries.get(key),
    set: (key, token) => {
      entries.set(key, token);
    },
    delete: (key) => {
      entries.delete(key);
    },
  };
}
