import type { ReleaseLock } from '@tokenkeeper/core';
import { unrefTimeout } from './timers.ts';

/** How {@link acquireWebLock} waits and holds. */
export interface WebLockOptions {
  /** Give up (resolve `undefined`) after this long; `0` or less: only if the lock is free now. */
  waitMs: number;
  signal?: AbortSignal | undefined;
  /** Release the lock after this long even if its holder never does (a hung holder must not block every tab). */
  maxHoldMs: number;
}

/** The part of the Web Locks `LockManager` this package uses. */
export interface LockManagerLike {
  request(
    name: string,
    options: { mode?: 'exclusive'; ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => unknown,
  ): Promise<unknown>;
}

/** The browser's `navigator.locks`, when this context has it (secure contexts: https, localhost, 127.0.0.1). */
export function defaultLockManager(): LockManagerLike | undefined {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return typeof nav?.locks?.request === 'function' ? nav.locks : undefined;
}

/**
 * Takes the exclusive Web Lock `name` with `navigator.locks.request` and holds it
 * until the returned release is called: the lock request's callback returns a
 * promise that the release resolves. Resolves `undefined` when `waitMs` passed
 * or `signal` aborted before the lock was granted (the pending request is then
 * withdrawn).
 *
 * The browser frees the lock by itself when the holding tab closes, crashes or
 * navigates away, so a tab closed mid-refresh never blocks the others; there is
 * no lease to renew. `maxHoldMs` only guards against a holder that hangs.
 *
 * @see https://w3c.github.io/web-locks/#api-lock-manager-request
 * @example
 * const release = await acquireWebLock(navigator.locks, 'tokenkeeper:key', { waitMs: 25_000, maxHoldMs: 60_000 });
 * try { … } finally { await release?.(); }
 */
export async function acquireWebLock(
  locks: LockManagerLike,
  name: string,
  { waitMs, signal, maxHoldMs }: WebLockOptions,
): Promise<ReleaseLock | undefined> {
  if (signal?.aborted) return undefined;
  let letGo!: () => void;
  const held = new Promise<void>((resolve) => {
    letGo = resolve;
  });
  let settle!: (granted: boolean) => void;
  const granted = new Promise<boolean>((resolve) => {
    settle = resolve;
  });

  // `ifAvailable` and `signal` cannot be combined: a zero wait asks once, without a signal.
  const immediate = waitMs <= 0;
  const withdraw = new AbortController();
  const onAbort = () => withdraw.abort();
  const cancelTimer = immediate ? () => {} : unrefTimeout(onAbort, waitMs);
  if (!immediate) signal?.addEventListener('abort', onAbort, { once: true });

  const request = locks.request(
    name,
    immediate
      ? { mode: 'exclusive', ifAvailable: true }
      : { mode: 'exclusive', signal: withdraw.signal },
    (lock) => {
      settle(lock !== null);
      return lock === null ? undefined : held;
    },
  );
  // Rejects with an AbortError when withdrawn before it was granted.
  const done = request.then(
    () => settle(false),
    () => settle(false),
  );

  const ok = await granted;
  cancelTimer();
  signal?.removeEventListener('abort', onAbort);
  if (!ok) return undefined;

  let releasing: Promise<void> | undefined;
  const release: ReleaseLock = () => {
    releasing ??= (async () => {
      cancelHold();
      letGo();
      await done;
    })();
    return releasing;
  };
  const cancelHold = unrefTimeout(() => void release(), maxHoldMs);
  if (signal?.aborted) {
    await release();
    return undefined;
  }
  return release;
}
