import type { ServerResponse } from 'node:http';
import { delay, sendJson } from './http-util.ts';

/** Counters every token server keeps; fixtures add their own fields beside these. */
export interface TokenCounters {
  /** Every request that reached the token endpoint, including failed and outage ones. */
  tokenRequests: number;
  /** `tokenRequests` split by the `grant_type` the client sent (`'(none)'` when missing). */
  byGrant: Record<string, number>;
  revocations: number;
  logouts: number;
}

/** Switches shared by every token server: outage, latency and counters. */
export interface Controls {
  readonly counters: TokenCounters;
  /** Status the token endpoint answers instead of working, or `false`. */
  outage: number | false;
  latencyMs: number;
  countTokenRequest(grantType: string | undefined | null): void;
  resetCounters(): void;
  /**
   * Applies latency, then answers the outage status if one is set.
   * @returns `true` when the response was written and the caller must stop.
   */
  gate(res: ServerResponse): Promise<boolean>;
}

function emptyCounters(): TokenCounters {
  return { tokenRequests: 0, byGrant: {}, revocations: 0, logouts: 0 };
}

/** Creates the switches for one server. */
export function createControls(): Controls {
  const counters = emptyCounters();
  return {
    counters,
    outage: false,
    latencyMs: 0,
    countTokenRequest(grantType) {
      const key = grantType || '(none)';
      counters.tokenRequests += 1;
      counters.byGrant[key] = (counters.byGrant[key] ?? 0) + 1;
    },
    resetCounters() {
      // Mutate in place so handles that captured `counters` keep seeing live numbers.
      Object.assign(counters, emptyCounters());
    },
    async gate(res) {
      if (this.latencyMs > 0) await delay(this.latencyMs);
      if (this.outage === false) return false;
      sendJson(res, this.outage, {
        error: 'temporarily_unavailable',
        error_description: 'The token endpoint is in a simulated outage',
      });
      return true;
    },
  };
}
