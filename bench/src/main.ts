// The benchmark runner: `pnpm bench` (full run, writes BENCHMARKS.md), or
//   node --conditions=@tokenkeeper/source --expose-gc src/main.ts [options]
// Options:
//   --scenarios a,b      scenarios to run (default: all)        --contestants x,y   (default: all)
//   --repeats N          repeats per scenario x contestant (default 3; --smoke: 1)
//   --smoke              tiny N, a couple of scenarios and contestants (unless selected)
//   --out FILE           results JSON (default: bench/results/latest.json, or results/smoke.json)
//   --md FILE            write the Markdown report there (default for a full, unfiltered run: BENCHMARKS.md)
//   --report FILE        no run: regenerate the Markdown report from a results JSON
//   --fast               run the contestants of light scenarios (expiry) side by side: quicker, less exact
//   --list               print scenarios and contestants
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  type ContestantDef,
  contestants,
  extraSizeEntries,
  type ScenarioDef,
  scenarios,
  smokeDefaults,
} from './config.ts';
import { machineInfo } from './machine.ts';
import type { ChildSpec } from './protocol.ts';
import { type ResultRow, type RunResults, renderReport } from './report.ts';
import { runChild } from './run-child.ts';
import type { BenchServerInfo } from './server/bench-server.ts';
import { bundleBreakdown, bundleSize, contestantEntry } from './size.ts';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const rootDir = resolve(benchDir, '..');

const { values } = parseArgs({
  options: {
    scenarios: { type: 'string' },
    contestants: { type: 'string' },
    repeats: { type: 'string' },
    smoke: { type: 'boolean', default: false },
    out: { type: 'string' },
    md: { type: 'string' },
    report: { type: 'string' },
    list: { type: 'boolean', default: false },
    fast: { type: 'boolean', default: false },
  },
});

const log = (line: string) => process.stderr.write(`${line}\n`);
// Paths on the command line are relative to where the user typed them (pnpm runs us in bench/).
const userPath = (path: string) => resolve(process.env.INIT_CWD ?? process.cwd(), path);

if (values.list) {
  log(`scenarios: ${scenarios.map((s) => s.name).join(', ')}`);
  log(`contestants: ${contestants.map((c) => c.name).join(', ')}`);
  process.exit(0);
}

if (values.report) {
  const results = JSON.parse(readFileSync(userPath(values.report), 'utf8')) as RunResults;
  const mdPath = values.md ? userPath(values.md) : resolve(rootDir, 'BENCHMARKS.md');
  writeFileSync(mdPath, renderReport(results));
  log(`wrote ${mdPath}`);
  process.exit(0);
}

const smoke = values.smoke;
const pick = <T extends { name: string }>(
  all: T[],
  list: string | undefined,
  fallback?: string[],
) => {
  const names = list?.split(',').map((name) => name.trim()) ?? fallback;
  if (!names) return all;
  const unknown = names.filter((name) => !all.some((item) => item.name === name));
  if (unknown.length) throw new Error(`unknown: ${unknown.join(', ')}`);
  return all.filter((item) => names.includes(item.name));
};
const selectedScenarios = pick(
  scenarios,
  values.scenarios,
  smoke ? smokeDefaults.scenarios : undefined,
);
const selectedContestants = pick(
  contestants,
  values.contestants,
  smoke ? smokeDefaults.contestants : undefined,
);
const repeats = Math.max(1, Number(values.repeats ?? (smoke ? 1 : 3)));
const fullRun = !smoke && !values.scenarios && !values.contestants;
const outPath = values.out
  ? userPath(values.out)
  : resolve(benchDir, 'results', smoke ? 'smoke.json' : 'latest.json');
const mdPath = values.md ? userPath(values.md) : fullRun ? resolve(rootDir, 'BENCHMARKS.md') : '';

const started = Date.now();
const machine = machineInfo();
const rows: ResultRow[] = [];
const paramsOf = (scenario: ScenarioDef) => (smoke ? scenario.smokeParams : scenario.params);

const server = await startServer();
try {
  // Warm-up first: the server's own code paths, before any measured run.
  await runChild(
    spec('steady-seq', 'bare-axios', 'warmup', { requests: 300, warmup: 100 }),
    30_000,
  );
  for (const scenario of selectedScenarios) {
    const field = selectedContestants.filter(
      (c) =>
        (scenario.withFloors || c.role !== 'floor') && !scenario.skipClients?.includes(c.client),
    );
    if (scenario.kind === 'size') {
      await runSize(field);
      continue;
    }
    for (let repeat = 0; repeat < repeats; repeat += 1) {
      // Interleaved: every repeat runs each contestant once, starting one further along.
      const order = field.map((_, i) => field[(i + repeat) % field.length]!);
      const run = async (contestant: ContestantDef) => {
        const t0 = Date.now();
        const outcome = await runChild(
          spec(scenario.name, contestant.name, String(repeat), paramsOf(scenario)),
          (paramsOf(scenario).childTimeoutMs ?? 90_000) + 15_000,
        );
        rows.push({ scenario: scenario.name, contestant: contestant.name, repeat, ...outcome });
        log(
          `${scenario.name} #${repeat + 1} ${contestant.name} (${((Date.now() - t0) / 1000).toFixed(1)} s): ${
            'metrics' in outcome
              ? `${brief(outcome.metrics)}${outcome.firstFailure ? ` (first failure: ${outcome.firstFailure})` : ''}`
              : `ERROR ${outcome.error}`
          }`,
        );
      };
      if (scenario.parallel && values.fast) await Promise.all(order.map(run));
      else for (const contestant of order) await run(contestant);
    }
  }
} finally {
  server.stop();
}

const results: RunResults = {
  startedAt: new Date(started).toISOString(),
  durationSeconds: Math.round((Date.now() - started) / 1000),
  smoke,
  repeats,
  tokenLatencyMs: server.info.tokenLatencyMs,
  sideBySide: values.fast ? selectedScenarios.filter((s) => s.parallel).map((s) => s.name) : [],
  machine: { ...machine, loadAverageAtEnd: os.loadavg().map((v) => Math.round(v * 100) / 100) },
  scenarios: selectedScenarios.map((s) => ({ name: s.name, params: paramsOf(s) })),
  contestants: selectedContestants.map((c) => c.name),
  rows,
};
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, `${JSON.stringify(results, null, 2)}\n`);
log(`wrote ${outPath} (${results.durationSeconds} s)`);
if (mdPath) {
  writeFileSync(mdPath, renderReport(results));
  log(`wrote ${mdPath}`);
}
process.exit(rows.some((row) => row.error) ? 1 : 0);

function spec(
  scenario: string,
  contestant: string,
  tag: string,
  params: Record<string, number>,
): ChildSpec {
  const nonce = Math.random().toString(36).slice(2, 8);
  return {
    scenario,
    contestant,
    server: server.info,
    clientId: `bench-${scenario}-${contestant}-${tag}-${nonce}`,
    params,
  };
}

async function runSize(field: ContestantDef[]): Promise<void> {
  for (const contestant of field) {
    const asUsed = await bundleSize(contestantEntry(contestant.name));
    const library = contestant.libraryEntry ? await bundleSize(contestant.libraryEntry) : undefined;
    const metrics = {
      gzip: asUsed.gzip,
      minified: asUsed.minified,
      libraryGzip: library?.gzip ?? 0,
      libraryMinified: library?.minified ?? 0,
    };
    rows.push({ scenario: 'size', contestant: contestant.name, repeat: 0, metrics });
    log(`size ${contestant.name}: ${brief(metrics)}`);
  }
  if (field.length !== contestants.length) return;
  for (const extra of extraSizeEntries) {
    const size = await bundleSize(extra.entry);
    const metrics = { libraryGzip: size.gzip, libraryMinified: size.minified };
    rows.push({ scenario: 'size', contestant: extra.name, repeat: 0, metrics });
    log(`size ${extra.name}: ${brief(metrics)}`);
  }
  // Where the core's bytes go, for the report's explanation of its size.
  const core = extraSizeEntries.find((extra) => extra.name === 'tk-core');
  if (core) {
    const metrics = await bundleBreakdown(core.entry);
    rows.push({ scenario: 'size-breakdown', contestant: core.name, repeat: 0, metrics });
  }
}

function brief(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .map(([key, value]) => `${key}=${Number.isInteger(value) ? value : value.toFixed(1)}`)
    .join(' ');
}

/** Starts `server.ts` in its own process; it stops when we close its stdin or exit. */
async function startServer(): Promise<{ info: BenchServerInfo; stop(): void }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@tokenkeeper/source', fileURLToPath(new URL('./server.ts', import.meta.url))],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const info = await new Promise<BenchServerInfo>((resolveInfo, reject) => {
    const timer = setTimeout(() => reject(new Error('bench server did not start')), 20_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolveInfo(JSON.parse(line) as BenchServerInfo);
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    info,
    stop() {
      child.stdin.end();
      child.kill('SIGTERM');
    },
  };
}
