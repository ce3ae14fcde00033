/**
 * True for a request body that is consumed by sending it once: a web
 * `ReadableStream`, a Node stream (anything with `pipe`), an iterator or an
 * async iterable. Such a body cannot be replayed after a 401, so adapters hand
 * the caller the original 401 rather than resend a truncated body or hang.
 * Strings, `URLSearchParams`, `FormData`, `Blob`, `ArrayBuffer` and views,
 * and plain objects (JSON) are replayable.
 */
export function isOneShotBody(body: unknown): boolean {
  if (body === null || typeof body !== 'object') return false;
  if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) return true;
  const value = body as { pipe?: unknown; next?: unknown; [Symbol.asyncIterator]?: unknown };
  return (
    typeof value.pipe === 'function' ||
    typeof value.next === 'function' ||
    typeof value[Symbol.asyncIterator] === 'function'
  );
}
