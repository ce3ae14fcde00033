import type { GroupScenario, Scenario } from './context.ts';
import { expiry } from './expiry.ts';
import { memory } from './memory.ts';
import { outage } from './outage.ts';
import { overhead } from './overhead.ts';
import { recovery } from './recovery.ts';
import { stampede } from './stampede.ts';
import { steady } from './steady.ts';
import { storm } from './storm.ts';

/** Scenarios that run one contestant in a child process, by the name the runner uses. */
export const childScenarios: Record<string, Scenario> = {
  'steady-seq': steady,
  'steady-c64': steady,
  stampede,
  storm,
  expiry,
  outage,
  'recovery-3s': recovery,
  'recovery-10s': recovery,
  memory,
};

/** Scenarios that run several contestants of one client kind in one child process. */
export const groupScenarios: Record<string, GroupScenario> = { overhead };
