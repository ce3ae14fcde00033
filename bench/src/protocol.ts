import type { BenchServerInfo } from './server/bench-server.ts';

/** What the runner passes to a child (as one JSON argument). */
export interface ChildSpec {
  scenario: string;
  contestant: string;
  server: BenchServerInfo;
  clientId: string;
  params: Record<string, number>;
}

/** A child's result line starts with this; anything else on stdout is ignored. */
export const RESULT_PREFIX = '@@bench-result ';
