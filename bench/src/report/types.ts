import type { MachineInfo } from '../machine.ts';
import type { Metrics } from '../scenarios/context.ts';

/** One scenario x contestant x repeat. */
export interface ResultRow {
  scenario: string;
  contestant: string;
  repeat: number;
  metrics?: Metrics;
  /** Group scenarios: the per-round samples behind the metrics (e.g. `cpuUsPerReq`, `deltaUs`). */
  samples?: Record<string, number[]>;
  /** The first failed request's status or error, when a run counted failures. */
  firstFailure?: string;
  error?: string;
}

/** Which parameter set a run used (`config.ts`): `params`, `quickParams` or `smokeParams`. */
export type RunMode = 'full' | 'quick' | 'smoke';

/** Everything a run wrote to its results JSON. */
export interface RunResults {
  startedAt: string;
  durationSeconds: number;
  mode: RunMode;
  smoke: boolean;
  /** Scenarios or contestants were picked on the command line. */
  selected?: boolean;
  repeats: number;
  /** Latency of every token endpoint answer, ms. */
  tokenLatencyMs: number;
  /** Scenarios whose contestants ran side by side (`--fast`, `--quick`). */
  sideBySide?: string[];
  machine: MachineInfo & { loadAverageAtEnd: number[] };
  scenarios: Array<{ name: string; params: Record<string, number> }>;
  contestants: string[];
  rows: ResultRow[];
}
