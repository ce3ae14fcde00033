// The report: tables filled into the marked regions of a hand-written BENCHMARKS.md
// (`report/regions.ts`). Only regions whose scenario has rows in the results are replaced.
import { readFileSync, writeFileSync } from 'node:fs';
import { num } from './report/format.ts';
import { fillRegions } from './report/regions.ts';
import { burstTable, expiryTable, outageTable, recoveryTable } from './report/tables-counts.ts';
import {
  failedRunsTable,
  machineTable,
  memoryTable,
  sizeBreakdownTable,
  sizeTable,
} from './report/tables-misc.ts';
import { overheadTable, steadyTable } from './report/tables-speed.ts';
import type { RunResults } from './report/types.ts';
import { createView, type View } from './report/view.ts';

export type { ResultRow, RunMode, RunResults } from './report/types.ts';

interface Region {
  id: string;
  /** Rendered only when this scenario has rows; none: on every run. */
  scenario?: string;
  render(view: View): string;
}

const regions: Region[] = [
  { id: 'machine', render: (view) => machineTable(view.results) },
  ...['steady-seq', 'steady-c64'].map((id) => ({
    id,
    scenario: id,
    render: (view: View) => steadyTable(view, id),
  })),
  { id: 'overhead', scenario: 'overhead', render: overheadTable },
  { id: 'stampede', scenario: 'stampede', render: (view) => burstTable(view, 'stampede') },
  { id: 'storm', scenario: 'storm', render: (view) => burstTable(view, 'storm') },
  { id: 'expiry', scenario: 'expiry', render: expiryTable },
  { id: 'outage', scenario: 'outage', render: outageTable },
  ...['recovery-3s', 'recovery-10s'].map((id) => ({
    id,
    scenario: id,
    render: (view: View) => recoveryTable(view, id),
  })),
  { id: 'size', scenario: 'size', render: sizeTable },
  { id: 'size-breakdown', scenario: 'size-breakdown', render: sizeBreakdownTable },
  { id: 'memory', scenario: 'memory', render: memoryTable },
  { id: 'failed-runs', render: failedRunsTable },
];

/** Every region id the generator can fill. */
export const REGION_IDS: readonly string[] = regions.map((region) => region.id);

const MODE = {
  full: 'Full run',
  quick: 'Quick run (`--quick`: fewer rounds, for iterating; not reference numbers)',
  smoke: 'Smoke run (tiny N: checks that the runner works; not numbers to read)',
} as const;

/** One line of facts over each table: which run, and the scenario's parameters. */
function stamp(view: View, scenario: string | undefined): string {
  const r = view.results;
  const when = r.startedAt.replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC');
  const facts = [
    MODE[r.mode ?? (r.smoke ? 'smoke' : 'full')],
    when,
    `commit ${r.machine.commit}`,
    `${r.repeats} repeat(s)`,
  ];
  if (scenario && r.sideBySide?.includes(scenario)) facts.push('contestants side by side');
  const params = Object.entries(scenario ? view.params(scenario) : {})
    .filter(([key]) => key !== 'childTimeoutMs')
    .map(([key, value]) => `${key} ${num(value)}`);
  if (!scenario) facts.push(`${num(r.durationSeconds)} s in all`);
  return `_${facts.join(', ')}${params.length ? `; ${params.join(', ')}` : ''}._`;
}

/** The tables this run has numbers for, by region id, each under its stamp line. */
export function renderRegions(results: RunResults): Record<string, string> {
  const view = createView(results);
  const out: Record<string, string> = {};
  for (const region of regions) {
    if (region.scenario && view.ran(region.scenario).length === 0) continue;
    out[region.id] = `${stamp(view, region.scenario)}\n\n${region.render(view)}`;
  }
  return out;
}

/**
 * Fills the regions this run has numbers for into the Markdown file at `path` (which must
 * hold their markers) and writes it back; returns the ids written.
 */
export function writeReport(path: string, results: RunResults): string[] {
  const filled = renderRegions(results);
  writeFileSync(path, fillRegions(readFileSync(path, 'utf8'), filled, REGION_IDS));
  return Object.keys(filled);
}
