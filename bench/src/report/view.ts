import { type ContestantDef, contestants, extraSizeEntries } from '../config.ts';
import { type Spread, spread } from '../stats.ts';
import type { RunResults } from './types.ts';

/** Reads a results file into the numbers the tables show. */
export function createView(results: RunResults) {
  const rowsOf = (scenario: string, contestant: string) =>
    results.rows.filter((r) => r.scenario === scenario && r.contestant === contestant);
  const def = (name: string): ContestantDef | undefined => contestants.find((c) => c.name === name);
  const versions = results.machine.versions;
  return {
    results,
    rowsOf,
    def,
    /** The contestants (and extra size entries) that have rows in `scenario`, in config order. */
    ran: (scenario: string): string[] =>
      [...contestants, ...extraSizeEntries]
        .map((c) => c.name)
        .filter((name) => rowsOf(scenario, name).length > 0),
    /** One metric over the repeats (NaN, which JSON writes as `null`, counts as missing). */
    get: (scenario: string, contestant: string, metric: string): Spread =>
      spread(
        rowsOf(scenario, contestant)
          .map((r) => r.metrics?.[metric])
          .filter((value): value is number => typeof value === 'number'),
      ),
    /** The samples of every repeat, pooled (group scenarios). */
    pooled: (scenario: string, contestant: string, key: string): Spread =>
      spread(rowsOf(scenario, contestant).flatMap((r) => r.samples?.[key] ?? [])),
    errors: (scenario: string, contestant: string) =>
      rowsOf(scenario, contestant).filter((r) => r.error),
    /** The contestant's label, with the version of its package as installed for this run. */
    label: (name: string): string => {
      const entry = def(name) ?? extraSizeEntries.find((e) => e.name === name);
      if (!entry) return name;
      const version = (entry.package && versions[entry.package]) || '?';
      return entry.label.replace('{version}', version);
    },
    params: (scenario: string): Record<string, number> =>
      results.scenarios.find((s) => s.name === scenario)?.params ?? {},
  };
}

export type View = ReturnType<typeof createView>;

/** The bare client a contestant is compared with. */
export const floorOf = (c: ContestantDef): string => `bare-${c.client}`;

/** ` ⚠ n run(s) failed` after a label, when some did. */
export function errorNote(view: View, scenario: string, name: string): string {
  const count = view.errors(scenario, name).length;
  return count ? ` ⚠ ${count} run(s) failed` : '';
}
