// The targets the tables print beside the measurements. Issue numbers name where each was set.

/** Overhead (network stubbed): CPU per request over the bare client, µs (issue 15). */
export const CPU_OVER_FLOOR_US = 10;

/** Bundle size of an adapter with the core, min+gzip bytes (kB = 1,000 bytes, as size-limit counts). */
export const SIZE_BUDGET_BYTES = 3_500;

/** Outage with the old token valid: token-endpoint hits at most. */
export const OUTAGE_MAX_HITS = 5;

/** Recovery after an outage with every token revoked (issue 15), per scenario. */
export const RECOVERY: Record<string, { maxHits: number; firstSuccessMs: number }> = {
  'recovery-3s': { maxHits: 5, firstSuccessMs: 1_000 },
  'recovery-10s': { maxHits: 12, firstSuccessMs: 1_000 },
};
