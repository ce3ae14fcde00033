/** A timer that does not keep the process alive (`unref` where the runtime has it); returns its canceller. */
export function unrefTimeout(callback: () => void, ms: number): () => void {
  // Clamped to what a timer holds (2^31-1 ms): a longer delay would fire at once.
  const handle = setTimeout(callback, Math.min(Math.max(0, ms), 2 ** 31 - 1)) as unknown as {
    unref?: () => void;
  };
  handle.unref?.();
  return () => clearTimeout(handle as unknown as ReturnType<typeof setTimeout>);
}

/** Resolves `true` after `ms`, or `false` as soon as `signal` aborts. Never rejects. */
export function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      cancel();
      resolve(false);
    };
    const cancel = unrefTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * `ms` spread uniformly over [ms/2, ms]: processes that started waiting together
 * drift apart instead of polling Redis in lock step ("equal jitter", see
 * {@link https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/}).
 */
export function jitter(ms: number): number {
  return ms / 2 + Math.random() * (ms / 2);
}
