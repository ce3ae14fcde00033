import type { BenchServerInfo } from './server/bench-server.ts';

/** What the runner passes to a child (as one JSON argument). */
export interface ChildSpec {
  scenario: string;
  /** The contestant (a child scenario), or the first of `contestants` (a group scenario). */
  contestant: string;
  /** Every contestant of a group scenario, the floor first. */
  contestants?: string[];
  server: BenchServerInfo;
  clientId: string;
  params: Record<string, number>;
}

/** A child's result line starts with this; anything else on stdout is ignored. */
export const RESULT_PREFIX = '@@bench-result ';
