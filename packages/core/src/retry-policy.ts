import { TokenEndpointError } from './errors.ts';
import type { RetryOptions } from './options.ts';

/** Retry settings after defaults: a handful of attempts, about 30 s per flight at most. */
export interface RetryPolicy {
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
  maxRetryTimeMs: number;
}

// An attempt about every 0.86 s, for up to ~12 s of outage per flight: back within a second of
// the server's return, and never a storm (4 hits in a 3 s outage, 12 in a 10 s one).
export const DEFAULT_RETRY: RetryPolicy = {
  retries: 14,
  minTimeoutMs: 850,
  maxTimeoutMs: 880,
  maxRetryTimeMs: 30_000,
};

/**
 * Network errors and timeouts (no status), 408, 429 and 5xx are worth another
 * try; any other answer (400 `invalid_grant`, 401 `invalid_client`, a malformed
 * body) will not change by asking again.
 */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof TokenEndpointError)) return false;
  const { status } = error;
  return status === undefined || status === 408 || status === 429 || status >= 500;
}

/**
 * How long callers with no token get a refusal again instead of a new request, ms: a 4xx
 * (other than 408 and 429) would be refused again at once (a wrong secret, a dead grant, a
 * session limit). The cycler holds it only from the second refusal in a row.
 */
export function refusalHoldMs(error: unknown): number {
  const status = error instanceof TokenEndpointError ? (error.status ?? 0) : 0;
  return status >= 400 && status < 500 && status !== 408 && status !== 429 ? 1_000 : 0;
}

/**
 * `Retry-After` as ms from `now`: delta-seconds or an HTTP date
 * (@see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3). `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

export function resolveRetryPolicy(options: RetryOptions | undefined): RetryPolicy {
  return { ...DEFAULT_RETRY, ...stripUndefined(options ?? {}) };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
