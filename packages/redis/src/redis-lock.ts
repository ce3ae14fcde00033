import type { ReleaseLock } from '@tokenkeeper/core';
import { RedisStoreError } from './errors.ts';
import type { RunCommand } from './redis-client.ts';
import { jitter, pause, unrefTimeout } from './timers.ts';

/** How {@link acquireLock} waits and holds. */
export interface LockOptions {
  /** How long the lock lives in Redis without renewal: a holder that dies frees it within this. */
  leaseMs: number;
  /** Give up (resolve `undefined`) after this long. */
  waitMs: number;
  signal?: AbortSignal | undefined;
  /** Longest pause between two attempts while another process holds the lock. */
  pollMs: number;
}

// Compare-and-delete / compare-and-extend: only the owner that set the lock may touch it,
// so a holder whose lease ran out cannot free or extend a lock another process took since.
// https://redis.io/docs/latest/develop/clients/patterns/distributed-locks/ ("Correct Implementation with a Single Instance")
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
// A lock of ours is a string with a lease. Anything else under the lock key (a list, a hash, a
// string without expiry) was put there by someone else and would block every refresh for ever:
// delete it, atomically, so that a real lock another process took meanwhile is never touched.
const CLEAR_FOREIGN = `local t = redis.call('TYPE', KEYS[1])['ok'] if t == 'none' then return 0 end if t ~= 'string' or redis.call('PTTL', KEYS[1]) == -1 then return redis.call('DEL', KEYS[1]) end return 0`;

const FIRST_POLL_MS = 5;
// Renewal stops after this: longer than core's longest flight (30 s of retries plus a
// 10 s attempt), short enough that a stuck holder does not block the fleet for ever.
const MAX_HOLD_MS = 60_000;

/**
 * Takes the Redis lock at `lockKey` with `SET key owner NX PX lease` and a random
 * owner, polling with jittered pauses (5 ms doubling up to `pollMs`) while another
 * process holds it. Resolves with the release function, or `undefined` once
 * `waitMs` passed or `signal` aborted. A value under `lockKey` that is not a lock
 * (another type, or a string without expiry) is deleted rather than waited for.
 *
 * While held, the lease is renewed every third of it (compare-and-`PEXPIRE`) for
 * up to a minute, so a refresh slowed by retries keeps the lock, while a holder
 * that dies (SIGKILL, a lost pod) stops renewing and frees it within `leaseMs`.
 *
 * Polling, not pub/sub: it needs no second connection, works with any client and
 * with Redis Cluster, and costs a few cheap commands only while a refresh runs.
 *
 * @throws RedisStoreError when Redis does not answer: the manager then refreshes
 *   with in-process single flight only.
 * @example
 * const release = await acquireLock(run, keys.lock, { leaseMs: 15_000, waitMs: 25_000, pollMs: 50 });
 * try { … } finally { await release?.(); }
 */
export async function acquireLock(
  run: RunCommand,
  lockKey: string,
  { leaseMs, waitMs, signal, pollMs }: LockOptions,
): Promise<ReleaseLock | undefined> {
  const owner = randomOwner();
  const lease = String(Math.max(1, Math.ceil(leaseMs)));
  const deadline = Date.now() + waitMs;
  let wait = FIRST_POLL_MS;
  let checkedForeign = false;
  for (;;) {
    if (signal?.aborted) return undefined;
    let reply: unknown;
    try {
      reply = await run(['SET', lockKey, owner, 'PX', lease, 'NX']);
    } catch (error) {
      // The SET may have reached Redis before the reply was lost: undo it if so (best effort).
      void run(['EVAL', RELEASE, '1', lockKey, owner]).catch(() => {});
      throw error;
    }
    if (reply === 'OK') {
      const release = holdLock(run, lockKey, owner, leaseMs);
      if (!signal?.aborted) return release;
      await release();
      return undefined;
    }
    if (reply !== null) {
      throw new RedisStoreError('unexpected_reply', 'Redis SET NX answered neither OK nor nil');
    }
    if (!checkedForeign) {
      // Once per call: one more command only when the lock is taken, never per poll.
      checkedForeign = true;
      if ((await run(['EVAL', CLEAR_FOREIGN, '1', lockKey])) === 1) continue;
    }
    const left = deadline - Date.now();
    if (left <= 0) return undefined;
    if (!(await pause(Math.min(left, jitter(wait)), signal))) return undefined;
    wait = Math.min(wait * 2, pollMs);
  }
}

function holdLock(run: RunCommand, lockKey: string, owner: string, leaseMs: number): ReleaseLock {
  const heldSince = Date.now();
  let released = false;
  let cancel = () => {};
  const renewLater = () => {
    cancel = unrefTimeout(async () => {
      if (released || Date.now() - heldSince > MAX_HOLD_MS) return;
      try {
        const kept = await run(['EVAL', RENEW, '1', lockKey, owner, String(Math.ceil(leaseMs))]);
        if (kept !== 1) return; // lost it (lease ran out while Redis was away): nothing to keep
      } catch {
        // Redis away: try again next time; the lease bounds the damage meanwhile.
      }
      if (!released) renewLater();
    }, leaseMs / 3);
  };
  renewLater();
  return async () => {
    if (released) return;
    released = true;
    cancel();
    try {
      await run(['EVAL', RELEASE, '1', lockKey, owner]);
    } catch {
      // Never throws (ReleaseLock contract): the lease frees the lock anyway.
    }
  };
}

function randomOwner(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
