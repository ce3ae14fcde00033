import pRetry from 'p-retry';
import { TokenEndpointError } from './errors.ts';
import { type HttpCall, httpCall } from './http-call.ts';
import { parseTokenResponse } from './parse-token-response.ts';
import type { Redactor } from './redact.ts';
import { isRetryable, parseRetryAfter, type RetryPolicy } from './retry-policy.ts';
import { sleep } from './timers.ts';
import { buildTokenRequest, type ClientProfile, type Params } from './token-request.ts';
import type { TokenSet } from './token-set.ts';

export interface TokenRequestContext {
  endpoint: URL;
  client: ClientProfile;
  fetch: typeof fetch;
  timeoutMs: number;
  retry: RetryPolicy;
  defaultLifetimeMs: number;
  redact: Redactor;
  /** Aborting it stops further retries (an attempt under way still completes). */
  signal: AbortSignal;
  now: () => number;
  onRetry: (attempt: number, status: number | undefined, delayMs: number) => void;
  /** Called with a token the moment it is parsed, even if the flight is then cut short by dispose. */
  onIssued: (token: TokenSet) => void;
}

// Retry-After, when the server sent one, travels with the error to the retry loop.
const retryAfterOf = new WeakMap<TokenEndpointError, number>();

/**
 * Asks the token endpoint for a token with one grant, retrying network errors,
 * 408, 429 and 5xx with jittered exponential backoff (p-retry), bounded in
 * attempts and in total time. `Retry-After` is a floor for the next delay; one
 * beyond the flight's time budget ends the flight at once.
 */
export function requestToken(
  grantParams: Params,
  previous: TokenSet | undefined,
  context: TokenRequestContext,
  { refresh = false } = {},
): Promise<TokenSet> {
  const { retry, now, signal } = context;
  const startedAt = now();
  return pRetry(() => attempt(grantParams, previous, context, refresh), {
    retries: retry.retries,
    minTimeout: retry.minTimeoutMs,
    maxTimeout: retry.maxTimeoutMs,
    maxRetryTime: retry.maxRetryTimeMs,
    factor: 2,
    randomize: true,
    unref: true,
    signal,
    shouldRetry: ({ error }) => isRetryable(error),
    onFailedAttempt: async ({ error, attemptNumber, retriesLeft, retryDelay }) => {
      if (retriesLeft === 0 || !isRetryable(error)) return;
      const floor = error instanceof TokenEndpointError ? (retryAfterOf.get(error) ?? 0) : 0;
      if (now() - startedAt + floor > retry.maxRetryTimeMs) throw error;
      context.onRetry(
        attemptNumber,
        (error as TokenEndpointError).status,
        Math.max(floor, retryDelay),
      );
      if (floor > retryDelay) await sleep(floor - retryDelay, signal);
    },
  });
}

async function attempt(
  grantParams: Params,
  previous: TokenSet | undefined,
  context: TokenRequestContext,
  refresh: boolean,
): Promise<TokenSet> {
  const { url, init } = buildTokenRequest(context.endpoint, grantParams, context.client, {
    refresh,
  });
  const call: HttpCall = {
    url,
    init,
    fetch: context.fetch,
    timeoutMs: context.timeoutMs,
    label: 'Token endpoint',
    redact: context.redact,
  };
  const sentAt = context.now();
  const response = await httpCall(call);
  try {
    const token = parseTokenResponse(response, {
      sentAt,
      defaultLifetimeMs: context.defaultLifetimeMs,
      previous,
      redact: context.redact,
    });
    context.onIssued(token);
    return token;
  } catch (error) {
    const retryAfter = parseRetryAfter(response.retryAfter, context.now());
    if (error instanceof TokenEndpointError && retryAfter !== undefined) {
      retryAfterOf.set(error, retryAfter);
    }
    throw error;
  }
}
