import type { TokenManagerEvent } from '@tokenkeeper/core';

/** What one client did, as its callers and its token manager saw it. */
export interface ClientStats {
  /** Requests the callers made (a 401 retry inside the adapter is not a new request). */
  requests: number;
  succeeded: number;
  /** Requests that ended in an error or a non-2xx status after the adapter's one retry. */
  failures: number;
  inFlight: number;
  /** Tokens obtained: `token_acquired` and `token_refreshed` events. */
  tokenRequests: number;
  /** Token endpoint attempts retried after a 5xx, 429 or network error. */
  tokenRetries: number;
  /** The first few failure descriptions, for the report. */
  failureSamples: string[];
}

const MAX_SAMPLES = 5;

export function createClientStats(): ClientStats {
  return {
    requests: 0,
    succeeded: 0,
    failures: 0,
    inFlight: 0,
    tokenRequests: 0,
    tokenRetries: 0,
    failureSamples: [],
  };
}

/** An `onEvent` listener that counts token requests into `stats`. */
export function countTokenEvents(stats: ClientStats): (event: TokenManagerEvent) => void {
  return (event) => {
    if (event.type === 'token_acquired' || event.type === 'token_refreshed') {
      stats.tokenRequests += 1;
    } else if (event.type === 'token_request_retry') {
      stats.tokenRetries += 1;
    }
  };
}

export function recordFailure(stats: ClientStats, description: string): void {
  stats.failures += 1;
  if (stats.failureSamples.length < MAX_SAMPLES) stats.failureSamples.push(description);
}
