import pRetry, { AbortError } from 'p-retry';
import type { TokenEndpointError } from './errors.ts';
import type { Kit } from './kit.ts';
import type { TokenRequestContext } from './token-endpoint-client.ts';
import type { TokenSet } from './token-set.ts';

/**
 * The retries after a first failed attempt, loaded only when one fails. p-retry
 * counts the attempts, bounds the total time and stops on abort; the attempt
 * function owns its delay, so `Retry-After` is one floor in one place rather than
 * a second sleep stacked on p-retry's own (its `minTimeout` is 0).
 *
 * The delay is short and nearly even (850 ms, then 880 ms, −5% jitter so fleets
 * do not move in lockstep): during an outage the server sees about one attempt a second
 * from the whole flight (every waiter shares it), and once it is back the next
 * attempt is never more than about a second away.
 */
export function retryAttempts(
  kit: Kit,
  run: () => Promise<TokenSet>,
  firstError: unknown,
  startedAt: number,
  context: TokenRequestContext,
): Promise<TokenSet> {
  const { retry, signal, now } = context;
  let lastError = firstError;
  return pRetry(
    async (attemptNumber) => {
      const floor = lastError instanceof kit.TokenEndpointError ? (lastError.retryAfterMs ?? 0) : 0;
      const delay = Math.max(floor, backoffMs(attemptNumber, retry));
      // A wait beyond the flight's time budget ends the flight now, with the error that asked for it.
      if (now() - startedAt + delay > retry.maxRetryTimeMs)
        throw new AbortError(lastError as Error);
      context.onRetry(attemptNumber, (lastError as TokenEndpointError).status, delay);
      await kit.sleep(delay, signal);
      try {
        return await run();
      } catch (error) {
        lastError = error;
        throw error;
      }
    },
    {
      retries: retry.retries - 1,
      minTimeout: 0,
      maxRetryTime: retry.maxRetryTimeMs,
      unref: true,
      signal,
      shouldRetry: ({ error }) => kit.isRetryable(error),
    },
  ).catch((error: unknown) => {
    // p-retry reports an abort by the signal with the signal's reason: keep that, else the last failure.
    throw signal.aborted ? signal.reason : error;
  });
}

/** The delay before retry number `retryNumber` (1-based): doubling from `minTimeoutMs` up to `maxTimeoutMs`, −5% jitter. */
export function backoffMs(
  retryNumber: number,
  policy: { minTimeoutMs: number; maxTimeoutMs: number },
): number {
  const base = Math.min(policy.maxTimeoutMs, policy.minTimeoutMs * 2 ** (retryNumber - 1));
  return Math.round(base * (0.95 + Math.random() * 0.05));
}
