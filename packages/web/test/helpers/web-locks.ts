// Node 24 has `navigator.locks`; Node 22 does not. The unit tests need one lock manager per
// process (the tabs they simulate live in one process), so on Node 22 this installs a small
// exclusive-mode stand-in with the parts of the Web Locks API the store uses: `ifAvailable`,
// `signal`, and a lock held until the callback's promise settles.
import type { LockManagerLike } from '../../src/web-lock.ts';

interface Waiter {
  grant: () => void;
}

function createLockManager(): LockManagerLike {
  const queues = new Map<string, Waiter[]>();
  const held = new Set<string>();

  function next(name: string) {
    const waiter = queues.get(name)?.shift();
    if (waiter) waiter.grant();
    else held.delete(name);
  }

  return {
    request(name, options, callback) {
      return new Promise((resolve, reject) => {
        const run = () => {
          held.add(name);
          Promise.resolve()
            .then(() => callback({ name, mode: 'exclusive' }))
            .then(resolve, reject)
            .finally(() => next(name));
        };
        if (options.ifAvailable) {
          if (held.has(name)) {
            Promise.resolve()
              .then(() => callback(null))
              .then(resolve, reject);
          } else run();
          return;
        }
        if (options.signal?.aborted) return reject(options.signal.reason);
        if (!held.has(name)) return run();
        const queue = queues.get(name) ?? [];
        queues.set(name, queue);
        const waiter: Waiter = {
          grant: () => {
            options.signal?.removeEventListener('abort', onAbort);
            run();
          },
        };
        const onAbort = () => {
          queue.splice(queue.indexOf(waiter), 1);
          reject(options.signal?.reason);
        };
        options.signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
      });
    },
  };
}

/** Installs the stand-in when this runtime has no `navigator.locks`; returns which one is in use. */
export function ensureWebLocks(): 'native' | 'stand-in' {
  const nav = (globalThis as { navigator?: { locks?: unknown } }).navigator;
  if (nav?.locks) return 'native';
  if (nav) {
    Object.defineProperty(nav, 'locks', { value: createLockManager(), configurable: true });
  } else {
    Object.defineProperty(globalThis, 'navigator', {
      value: { locks: createLockManager() },
      configurable: true,
    });
  }
  return 'stand-in';
}
