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
export async function httpCall(call: HttpCall): Promise<HttpResult> {
  const controller = new AbortController();
  const cancelTimer = unrefTimeout(() => controller.abort(), call.timeoutMs);
  try {
    // Called as a plain function: browsers and workerd throw "Illegal invocation" when
    // `fetch` runs with a `this` other than the global object or undefined.
    const { fetch: send } = call;
    const response = await send(call.url, {
      ...call.init,
      redirect: 'manual',
      signal: controller.signal,
    });
    const body = await readCapped(response);
    return {
      status: response.status,
      body,
      date: response.headers.get('date'),
      retryAfter: response.headers.get('retry-after'),
      dpopNonce: response.headers.get('dpop-nonce'),
    };
  } catch (error) {
    if (controller.signal.aborted) {
      throw new TokenEndpointError(
        `${call.label} request timed out after ${call.timeoutMs} ms (no answer)`,
        {},
      );
    }
    // The original error is not attached: a custom fetch may put the URL (with a
    // query-style secret in it) anywhere in it. Its scrubbed description is enough to act on.
    throw new TokenEndpointError(
      `${call.label} request failed: ${describeNetworkError(error, call.redact)}`,
      {},
    );
  } finally {
    cancelTimer();
  }
}

async function readCapped(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      // Cut mid-document, the body is no longer valid JSON: the parser reports it as such.
      return `${text}\u0000`;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/**
 * Names what went wrong in words a user can act on: the error's kind and message, and its
 * cause's code and message (`ECONNREFUSED`, `ENOTFOUND`, a certificate error, a browser's
 * `Failed to fetch` or `Illegal invocation`). Secrets are scrubbed, and a URL keeps no query
 * string (a query-style request carries the client secret there).
 */
function describeNetworkError(error: unknown, redact: Redactor): string {
  if (!(error instanceof Error)) return 'unknown error';
  const cause = (error as { cause?: unknown }).cause as
    | { code?: unknown; message?: unknown }
    | undefined;
  const code = cause?.code ?? (error as { code?: unknown }).code;
  const parts = [error.message ? `${error.name}: ${error.message}` : error.name];
  const detail = [
    typeof code === 'string' ? code : undefined,
    typeof cause?.message === 'string' && cause.message !== error.message
      ? cause.message
      : undefined,
  ].filter(Boolean);
  if (detail.length > 0) parts.push(`(${detail.join(': ')})`);
  const text = parts.join(' ').replace(/(\b[a-z][a-z\d+.-]*:\/\/[^\s?#'"]*)[?#][^\s'"]*/gi, '$1?…');
  return truncate(redact(text), 240);
}
