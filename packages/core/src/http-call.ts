import { TokenEndpointError } from './errors.ts';
import type { TokenHttpResponse } from './parse-token-response.ts';
import { type Redactor, truncate } from './redact.ts';
import { unrefTimeout } from './timers.ts';

/** Bodies larger than this are not read further: no token response is anywhere near it. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpCall {
  url: string;
  init: RequestInit;
  fetch: typeof fetch;
  timeoutMs: number;
  /** Names the endpoint in error messages (`Token endpoint`, `Logout endpoint`, …). */
  label: string;
  redact: Redactor;
}

/** The parts of a response the callers look at. */
export interface HttpResult extends TokenHttpResponse {
  retryAfter: string | null;
  /** A DPoP nonce the server wants in the next proof (RFC 9449 §8). */
  dpopNonce: string | null;
}

/**
 * One HTTP exchange with an authorization server endpoint, bounded in time and
 * in body size. Redirects are not followed: a token request carries secrets, and
 * a redirect would resend them to wherever it points.
 *
 * @throws TokenEndpointError with `status: undefined` for a network error or a timeout.
 */
export async function httpCall({
  url,
  init,
  // Destructured, so it is called as a plain function: browsers and workerd throw
  // "Illegal invocation" when `fetch` runs with a `this` other than the global object or undefined.
  fetch: send,
  timeoutMs,
  label,
  redact,
}: HttpCall): Promise<HttpResult> {
  const controller = new AbortController();
  const cancelTimer = unrefTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await send(url, { ...init, redirect: 'manual', signal: controller.signal });
    const header = (name: string) => response.headers.get(name);
    return {
      status: response.status,
      body: await readCapped(response),
      date: header('date'),
      retryAfter: header('retry-after'),
      dpopNonce: header('dpop-nonce'),
    };
  } catch (error) {
    // The original error is not attached: a custom fetch may put the URL (with a
    // query-style secret in it) anywhere in it. Its scrubbed description is enough to act on.
    throw new TokenEndpointError(
      label +
        (controller.signal.aborted
          ? ` timed out after ${timeoutMs} ms`
          : ` request failed: ${describeNetworkError(error, redact)}`),
      {},
    );
  } finally {
    cancelTimer();
  }
}

async function readCapped(response: Response): Promise<string> {
  // No body (a 204, a HEAD) reads as empty.
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) return text + decoder.decode();
    size += chunk.value.byteLength;
    if (size > MAX_BODY_BYTES) {
      reader?.cancel().catch(() => {});
      // Cut mid-document, the body is no longer valid JSON: the parser reports it as such.
      return `${text}\u0000`;
    }
    text += decoder.decode(chunk.value, { stream: true });
  }
}

/**
 * Names what went wrong in words a user can act on: the error's kind and message, and its
 * cause's code and message (`ECONNREFUSED`, `ENOTFOUND`, a certificate error, a browser's
 * `Failed to fetch` or `Illegal invocation`). Secrets are scrubbed, and a URL keeps no query
 * string or fragment (a query-style request carries the client secret there).
 */
function describeNetworkError(error: unknown, redact: Redactor): string {
  if (!(error instanceof Error)) return 'unknown error';
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  // `String(error)` is `name: message`, or the name alone when there is no message.
  const detail = [cause?.code ?? (error as { code?: unknown }).code, cause?.message].filter(
    (part) => part && typeof part === 'string' && part !== error.message,
  );
  const text = `${error}${detail.length ? ` (${detail.join(': ')})` : ''}`;
  // Everything from `?` or `#` after a `scheme://` to the next space or quote goes.
  return truncate(redact(text.replace(/(:\/\/[^\s?#'"]*)[?#][^\s'"]*/g, '$1?…')), 240);
}
