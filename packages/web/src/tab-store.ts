import {
  InvalidOptionsError,
  type ReleaseLock,
  type TokenSet,
  type TokenStore,
} from '@tokenkeeper/core';
import { parseTokenSet } from './messages.ts';
import { openPeerChannel, type PeerChannel } from './peer-channel.ts';
import { applyDeletion, liveEntry, type Slot } from './slot.ts';
import { MAX_TIMER_DELAY_MS, randomId } from './timers.ts';
import { acquireWebLock, defaultLockManager, type LockManagerLike } from './web-lock.ts';

/** Options of {@link createTabStore}. */
export interface TabStoreOptions {
  /**
   * Start of the `BroadcastChannel` and Web Lock names: `prefix + flightKey`.
   * Give apps that share an origin but must not share tokens different prefixes.
   * Must not start with `-` (reserved by Web Locks).
   * @default 'tokenkeeper:'
   */
  prefix?: string;
  /**
   * How long a tab waits for the others' answers when it asks them for the
   * current token set, ms. A new tab waits this long once per key (it cannot
   * know yet whether other tabs are open); afterwards it waits only until every
   * tab it knows of has answered, usually well under a millisecond.
   * @default 100
   */
  syncWaitMs?: number;
  /**
   * The longest a tab holds the refresh lock, ms, in case its holder hangs. A
   * tab that closes, crashes or navigates away frees the lock at once by itself.
   * @default 60000
   */
  lockMaxHoldMs?: number;
}

/** A {@link TokenStore} shared by the tabs of one origin. */
export interface TabTokenStore extends TokenStore {
  /** The newest live token set any open tab holds for `key` (asks them; bounded by `syncWaitMs`). */
  get(key: string): Promise<TokenSet | undefined>;
  /** Keeps `token` in this tab's memory for `ttlMs` and hands it to the other tabs. */
  set(key: string, token: TokenSet, ttlMs: number): void;
  /** Forgets the entry in this tab and tells the other tabs to forget it too. */
  delete(key: string): void;
  /** Takes the Web Lock `prefix + key`: one tab refreshes at a time. */
  lock(
    key: string,
    options: { leaseMs: number; waitMs: number; signal?: AbortSignal },
  ): Promise<ReleaseLock | undefined>;
  /**
   * Closes the channels, frees a lock this tab holds, and drops the tokens from
   * this tab's memory. Afterwards the store keeps tokens for this tab only.
   * Idempotent. Does not log out: that is the manager's `dispose()`.
   */
  close(): void;
}

const DEFAULT_PREFIX = 'tokenkeeper:';

/**
 * Creates a token store that lets every tab (and worker) of one origin share one
 * token set, so N open tabs of an app hold one session at the identity provider
 * instead of N, and one refresh lock, so only one tab refreshes at a time.
 *
 * - **Tokens stay in memory**, in each tab, for the `ttlMs` given to `set()`:
 *   never in `localStorage`, `sessionStorage`, IndexedDB or cookies.
 * - **Handed over with `BroadcastChannel`** (`prefix + flightKey`): a stored token
 *   set goes to every open tab; a tab that opens later asks the others for the
 *   current one. Whatever arrives is checked to be a token set, else ignored.
 * - **Refresh lock with Web Locks** (`navigator.locks`): the browser frees the
 *   lock of a tab that closes mid-refresh, and another tab takes over.
 *
 * Without `BroadcastChannel` the store keeps tokens for its own tab only; without
 * Web Locks (an insecure `http:` origin other than localhost) tabs share tokens
 * but each may refresh on its own.
 *
 * @throws InvalidOptionsError for a bad option, at once.
 * @example
 * import { createTokenManager } from '@tokenkeeper/core';
 * import { createTabStore } from '@tokenkeeper/web';
 *
 * const store = createTabStore();
 * const tokens = createTokenManager({ ...options, store });
 */
export function createTabStore(options: TabStoreOptions = {}): TabTokenStore {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError('options', 'expected an options object');
  }
  const prefix = readPrefix(options.prefix);
  const syncWaitMs = duration('syncWaitMs', options.syncWaitMs, 100);
  const lockMaxHoldMs = duration('lockMaxHoldMs', options.lockMaxHoldMs, 60_000);
  const locks: LockManagerLike | undefined = defaultLockManager();
  const self = randomId();
  const keys = new Map<string, { slot: Slot; channel: PeerChannel | undefined }>();
  const heldLocks = new Set<ReleaseLock>();
  let closed = false;

  function open(key: unknown) {
    if (typeof key !== 'string' || key === '') {
      throw new InvalidOptionsError('key', 'expected a non-empty flight key');
    }
    let known = keys.get(key);
    if (!known) {
      const slot: Slot = { entry: undefined, deletedUpTo: 0 };
      const channel = closed
        ? undefined
        : openPeerChannel({ name: prefix + key, self, slot, syncWaitMs });
      known = { slot, channel };
      keys.set(key, known);
    }
    return known;
  }

  return {
    async get(key) {
      const { slot, channel } = open(key);
      await channel?.sync();
      return liveEntry(slot, Date.now())?.token;
    },
    set(key, token, ttlMs) {
      const { slot, channel } = open(key);
      if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs)) {
        throw new InvalidOptionsError('ttlMs', 'expected a finite number of milliseconds');
      }
      const checked = parseTokenSet(token);
      if (!checked) throw new InvalidOptionsError('token', 'expected a token set');
      const entry = { token: checked, until: Date.now() + ttlMs };
      slot.entry = entry;
      channel?.post({ type: 'set', from: self, entry });
    },
    delete(key) {
      const { slot, channel } = open(key);
      const upTo = slot.entry?.token.issuedAt ?? Date.now();
      applyDeletion(slot, upTo);
      channel?.post({ type: 'delete', from: self, upTo });
    },
    async lock(key, { waitMs, signal }) {
      open(key);
      if (closed || !locks) return undefined;
      const release = await acquireWebLock(locks, prefix + key, {
        waitMs,
        signal,
        maxHoldMs: lockMaxHoldMs,
      });
      if (!release) return undefined;
      const tracked: ReleaseLock = () => {
        heldLocks.delete(tracked);
        return release();
      };
      heldLocks.add(tracked);
      if (closed) {
        await tracked();
        return undefined;
      }
      return tracked;
    },
    close() {
      if (closed) return;
      closed = true;
      for (const { slot, channel } of keys.values()) {
        channel?.close();
        slot.entry = undefined;
      }
      keys.clear();
      for (const release of [...heldLocks]) void release();
    },
  };
}

function readPrefix(prefix: unknown): string {
  if (prefix === undefined) return DEFAULT_PREFIX;
  if (typeof prefix !== 'string' || prefix.startsWith('-')) {
    throw new InvalidOptionsError('prefix', 'expected a string that does not start with "-"');
  }
  return prefix;
}

function duration(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  // A timer holds at most 2^31-1 ms; a longer delay would fire at once.
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value <= 0 ||
    value > MAX_TIMER_DELAY_MS
  ) {
    throw new InvalidOptionsError(name, 'expected a number of milliseconds from 1 to 2147483647');
  }
  return value;
}
