/** The longest delay a JS timer holds; a longer one fires at once in every runtime. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** Clamps a delay into what a timer can hold: 0 to 2^31-1 ms (NaN gives 0). */
export function clampDelay(ms: number): number {
  return Number.isFinite(ms)
    ? Math.min(Math.max(0, ms), MAX_TIMER_DELAY_MS)
    : ms > 0
      ? MAX_TIMER_DELAY_MS
      : 0;
}

/** A timer that does not keep the process alive (`unref` where the runtime has it). Returns its canceller. */
export function unrefTimeout(callback: () => void, ms: number): () => void {
  const handle = setTimeout(callback, clampDelay(ms)) as unknown as { unref?: () => void };
  handle.unref?.();
  return () => clearTimeout(handle as unknown as ReturnType<typeof setTimeout>);
}

/** Resolves after `ms` on an unref'd timer, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
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
