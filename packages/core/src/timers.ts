/** The longest delay a JS timer holds; a longer one fires at once in every runtime. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * A timer that does not keep the process alive (`unref` where the runtime has it). Returns its canceller.
 * The delay is clamped to what a timer can hold, 0 to 2^31-1 ms: `Math.max` and `Math.min` bring
 * ±Infinity into range, and `|| 0` turns NaN into 0 first.
 */
export function unrefTimeout(callback: () => void, ms: number): () => void {
  const handle = setTimeout(callback, Math.min(Math.max(0, ms || 0), MAX_TIMER_DELAY_MS));
  // A number in browsers and workers, an object with `unref` in Node, Deno and Bun.
  (handle as { unref?: () => void }).unref?.();
  return () => clearTimeout(handle);
}

/** Resolves after `ms` on an unref'd timer, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    // Throwing here rejects the promise with `signal.reason`.
    signal?.throwIfAborted();
    const onAbort = () => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = unrefTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Keeps the process alive while a caller awaits something whose timers are
 * unref'd (a retry backoff): an awaited token must not be abandoned by the
 * runtime. Returns the release. Idle managers hold none of these.
 */
export function keepAlive(): () => void {
  const handle = setInterval(() => {}, MAX_TIMER_DELAY_MS);
  return () => clearInterval(handle);
}
