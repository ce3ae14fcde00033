// Sums what the workers of a fleet report.
import type { LoadResult } from './fleet-protocol.ts';

/** One result for the whole fleet: counts added, `ms` and `lastFailureAt` the latest. */
export function total(results: LoadResult[]): LoadResult {
  const sum: LoadResult = { ok: 0, failed: 0, retried: 0, outcomes: {}, ms: 0, lastFailureAt: 0 };
  for (const result of results) {
    sum.ok += result.ok;
    sum.failed += result.failed;
    sum.retried += result.retried;
    sum.ms = Math.max(sum.ms, result.ms);
    sum.lastFailureAt = Math.max(sum.lastFailureAt, result.lastFailureAt);
    for (const [outcome, count] of Object.entries(result.outcomes)) {
      sum.outcomes[outcome] = (sum.outcomes[outcome] ?? 0) + count;
    }
  }
  return sum;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
