// The runner's command line:
//   node --conditions=@tokenkeeper/source --expose-gc src/main.ts [options]
//   --scenarios a,b      scenarios to run (default: all)        --contestants x,y   (default: all)
//   --repeats N          repeats per scenario x contestant (default 3; --quick, --smoke: 1)
//   --quick              the overhead and recovery scenarios, floors and tokenkeeper only, fewer
//                        rounds, recovery side by side: about 1–2 min (unless selected)
//   --smoke              tiny N, a few scenarios and contestants (unless selected)
//   --set k=v,k=v        override scenario parameters (e.g. --set rounds=40,requests=500)
//   --out FILE           results JSON (default: bench/results/latest.json, quick.json or smoke.json)
//   --md FILE            fill the tables of this Markdown file (default for a full, unfiltered run: BENCHMARKS.md)
//   --report FILE        no run: fill the tables of the Markdown file from a results JSON
//   --fast               run the contestants of light scenarios (expiry, recovery) side by side
//   --list               print scenarios and contestants
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  type ContestantDef,
  contestants,
  quickDefaults,
  type ScenarioDef,
  scenarios,
  smokeDefaults,
} from './config.ts';
import type { RunMode } from './report.ts';

export const benchDir = fileURLToPath(new URL('..', import.meta.url));
export const rootDir = resolve(benchDir, '..');

/** What to run, with which parameters, and where the results go. */
export interface RunPlan {
  mode: RunMode;
  scenarios: ScenarioDef[];
  contestants: ContestantDef[];
  repeats: number;
  /** Scenarios or contestants were picked on the command line. */
  selected: boolean;
  /** Light scenarios run their contestants side by side. */
  sideBySide: boolean;
  outPath: string;
  /** Markdown file whose tables to fill; empty: none. */
  mdPath: string;
  paramsOf(scenario: ScenarioDef): Record<string, number>;
}

export type Command =
  | { kind: 'list' }
  | { kind: 'report'; resultsPath: string; mdPath: string }
  | { kind: 'run'; plan: RunPlan };

// Paths on the command line are relative to where the user typed them (pnpm runs us in bench/).
const userPath = (path: string) => resolve(process.env.INIT_CWD ?? process.cwd(), path);

function pick<T extends { name: string }>(all: T[], list?: string, fallback?: string[]): T[] {
  const names = list?.split(',').map((name) => name.trim()) ?? fallback;
  if (!names) return all;
  const unknown = names.filter((name) => !all.some((item) => item.name === name));
  if (unknown.length) throw new Error(`unknown: ${unknown.join(', ')}`);
  return all.filter((item) => names.includes(item.name));
}

function parseOverrides(text = ''): Record<string, number> {
  return Object.fromEntries(
    text
      .split(',')
      .filter(Boolean)
      .map((pair) => {
        const [key, value] = pair.split('=').map((part) => part.trim());
        if (!key || !Number.isFinite(Number(value))) throw new Error(`--set: bad pair ${pair}`);
        return [key, Number(value)];
      }),
  );
}

export function readCommand(args = process.argv.slice(2)): Command {
  const { values } = parseArgs({
    args,
    options: {
      scenarios: { type: 'string' },
      contestants: { type: 'string' },
      repeats: { type: 'string' },
      smoke: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      set: { type: 'string' },
      out: { type: 'string' },
      md: { type: 'string' },
      report: { type: 'string' },
      list: { type: 'boolean', default: false },
      fast: { type: 'boolean', default: false },
    },
  });
  if (values.list) return { kind: 'list' };
  const defaultMd = resolve(rootDir, 'BENCHMARKS.md');
  if (values.report) {
    const mdPath = values.md ? userPath(values.md) : defaultMd;
    return { kind: 'report', resultsPath: userPath(values.report), mdPath };
  }
  if (values.smoke && values.quick) throw new Error('--smoke and --quick do not go together');
  const mode: RunMode = values.smoke ? 'smoke' : values.quick ? 'quick' : 'full';
  const defaults = { smoke: smokeDefaults, quick: quickDefaults, full: undefined }[mode];
  const selected = Boolean(values.scenarios || values.contestants);
  const overrides = parseOverrides(values.set);
  const base = (s: ScenarioDef) =>
    mode === 'smoke' ? s.smokeParams : mode === 'quick' ? (s.quickParams ?? s.params) : s.params;
  const plan: RunPlan = {
    mode,
    scenarios: pick(scenarios, values.scenarios, defaults?.scenarios),
    contestants: pick(contestants, values.contestants, defaults?.contestants),
    repeats: Math.max(1, Number(values.repeats ?? (mode === 'full' ? 3 : 1))),
    selected,
    sideBySide: values.fast || mode !== 'full',
    outPath: values.out
      ? userPath(values.out)
      : resolve(benchDir, 'results', mode === 'full' ? 'latest.json' : `${mode}.json`),
    mdPath: values.md ? userPath(values.md) : mode === 'full' && !selected ? defaultMd : '',
    paramsOf: (scenario) => ({ ...base(scenario), ...overrides }),
  };
  return { kind: 'run', plan };
}
