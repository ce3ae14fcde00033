import { TokenEndpointError } from './errors.ts';
import type { RetryOptions } from './options.ts';

/** Retry settings after defaults: a handful of attempts, about 30 s per flight at most. */
export interface RetryPolicy {
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
  maxRetryTimeMs: number;
}

/** The HTTP status of a token endpoint error (`undefined`: a network error or a timeout); 0 for anything else. */
const statusOf = (error: unknown) => (error instanceof TokenEndpointError ? error.status : 0);

/**
 * Network errors and timeouts (no status), 408, 429 and 5xx are worth another
 * try; any other answer (400 `invalid_grant`, 401 `invalid_client`, a malformed
 * body) will not change by asking again.
 */
export function isRetryable(error: unknown): boolean {
  const status = statusOf(error);
  return status === undefined || status === 408 || status === 429 || status >= 500;
}

/**
 * How long callers with no token get a refusal again instead of a new request, ms: a 4xx
 * (other than 408 and 429) would be refused again at once (a wrong secret, a dead grant, a
 * session limit). The cycler holds it only from the second refusal in a row.
 */
export function refusalHoldMs(error: unknown): number {
  const status = statusOf(error) ?? 0;
  return status >= 400 && status < 500 && !isRetryable(error) ? 1_000 : 0;
}

/**
 * `Retry-After` as ms from `now`: delta-seconds or an HTTP date
 * (@see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3). `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? +trimmed * 1000 : Date.parse(trimmed) - now;
  // NaN (an unreadable date) gives undefined; a date already past gives 0.
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

/**
 * The options over the defaults: an attempt about every 0.86 s, for up to ~12 s of outage per flight,
 * so a returning server is used within a second, and never a storm (4 hits in a 3 s outage, 12 in a
 * 10 s one). An option given as `undefined` takes the default, as a missing one does.
 */
export function resolveRetryPolicy({
  retries = 14,
  minTimeoutMs = 850,
  maxTimeoutMs = 880,
  maxRetryTimeMs = 30_000,
}: RetryOptions = {}): RetryPolicy {
  return { retries, minTimeoutMs, maxTimeoutMs, maxRetryTimeMs };
}
