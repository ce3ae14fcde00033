/**
 * Settles with `promise`, or rejects with `signal.reason` as soon as `signal`
 * aborts, whichever comes first. The shared work behind `promise` goes on: an
 * aborted caller leaves, the refresh it was waiting for does not stop.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return signal
    ? new Promise<T>((resolve, reject) => {
        // Throwing here rejects with `signal.reason`, before any listener is added.
        signal.throwIfAborted();
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        // The listener goes once `promise` settles either way, so a long-lived signal keeps none.
        promise.finally(() => signal.removeEventListener('abort', onAbort)).then(resolve, reject);
      })
    : promise;
}
