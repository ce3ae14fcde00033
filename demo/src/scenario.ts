import type { OidcServer } from '@tokenkeeper/test-utils';

/** One thing the server does to the clients during the run. */
export interface ScenarioStep {
  /** When, in ms after the start. */
  atMs: number;
  /** What the table header shows from then on. */
  phase: string;
  message: string;
  run(): void;
}

/** How long the token endpoint is down. */
export const OUTAGE_MS = 1_500;

/**
 * The run's events: every token revoked server-side about a third of the way
 * in, then a token endpoint outage, over well before the clients stop.
 */
export function planScenario(idp: OidcServer, durationMs: number): ScenarioStep[] {
  const revokeAt = Math.round(durationMs * 0.35);
  const outageAt = Math.round(
    Math.max(durationMs * 0.5, Math.min(durationMs * 0.6, durationMs - 2_000)),
  );
  return [
    {
      atMs: revokeAt,
      phase: 'after revocation',
      message: 'server revoked every token: each client gets 401s, retries once with a new token',
      run: () => idp.revokeAll(),
    },
    {
      atMs: outageAt,
      phase: 'token endpoint down (503)',
      message: `token endpoint down (503) for ${OUTAGE_MS / 1000} s: valid tokens are still served, refreshes retry with backoff`,
      run: () => idp.setOutage(503),
    },
    {
      atMs: outageAt + OUTAGE_MS,
      phase: 'recovered',
      message: 'token endpoint back',
      run: () => idp.setOutage(false),
    },
  ];
}

/**
 * Runs each step at its time. Each step reports through `onStep`.
 * @returns a function that cancels the steps not yet run
 */
export function runScenario(
  steps: readonly ScenarioStep[],
  onStep: (step: ScenarioStep) => void,
): () => void {
  const timers = steps.map((step) =>
    setTimeout(() => {
      step.run();
      onStep(step);
    }, step.atMs),
  );
  return () => {
    for (const timer of timers) clearTimeout(timer);
  };
}
