// The benchmark runner: `pnpm bench` (full run, fills the tables of BENCHMARKS.md). Options
// in `options.ts`; `pnpm bench --quick` for the overhead and recovery scenarios in 1–2 min.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';
import { type ContestantDef, contestants, type ScenarioDef, scenarios } from './config.ts';
import { machineInfo } from './machine.ts';
import { readCommand } from './options.ts';
import type { ChildSpec } from './protocol.ts';
import { num, signed } from './report/format.ts';
import { fillRegions } from './report/regions.ts';
import {
  REGION_IDS,
  type ResultRow,
  type RunResults,
  renderRegions,
  writeReport,
} from './report.ts';
import { runChild } from './run-child.ts';
import { measureSizes } from './size.ts';
import { startServer } from './start-server.ts';
import { spread } from './stats.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

const command = readCommand();
if (command.kind === 'list') {
  log(`scenarios: ${scenarios.map((s) => s.name).join(', ')}`);
  log(`contestants: ${contestants.map((c) => c.name).join(', ')}`);
  process.exit(0);
}
if (command.kind === 'report') {
  const results = JSON.parse(readFileSync(command.resultsPath, 'utf8')) as RunResults;
  log(`filled ${writeReport(command.mdPath, results).join(', ')} in ${command.mdPath}`);
  process.exit(0);
}

const plan = command.plan;
const { repeats, paramsOf } = plan;
if (plan.mdPath) {
  // A missing marker should stop the run before it starts, not after.
  const ids = plan.scenarios.flatMap((s) =>
    s.name === 'size' ? ['size', 'size-breakdown'] : [s.name],
  );
  const needed = ['machine', 'failed-runs', ...ids.filter((id) => REGION_IDS.includes(id))];
  fillRegions(
    readFileSync(plan.mdPath, 'utf8'),
    Object.fromEntries(needed.map((id) => [id, ''])),
    REGION_IDS,
  );
}

const started = Date.now();
const machine = machineInfo();
const rows: ResultRow[] = [];
const server = await startServer();
try {
  // Warm-up first: the server's own code paths, before any measured run.
  await runChild(
    spec('steady-seq', 'bare-axios', 'warmup', { requests: 300, warmup: 100 }),
    30_000,
  );
  for (const scenario of plan.scenarios) {
    const field = plan.contestants.filter(
      (c) =>
        (scenario.withFloors || c.role !== 'floor') &&
        (!scenario.roles || scenario.roles.includes(c.role)),
    );
    if (scenario.kind === 'size') {
      const sizes = await measureSizes(field);
      for (const row of sizes)
        log(`${row.scenario} ${row.contestant}: ${brief(row.metrics ?? {})}`);
      rows.push(...sizes);
    } else if (scenario.kind === 'group') {
      await runGroups(scenario, field);
    } else {
      await runEach(scenario, field);
    }
  }
} finally {
  server.stop();
}

const results: RunResults = {
  startedAt: new Date(started).toISOString(),
  durationSeconds: Math.round((Date.now() - started) / 1000),
  mode: plan.mode,
  smoke: plan.mode === 'smoke',
  selected: plan.selected,
  repeats,
  tokenLatencyMs: server.info.tokenLatencyMs,
  sideBySide: plan.sideBySide ? plan.scenarios.filter((s) => s.parallel).map((s) => s.name) : [],
  machine: { ...machine, loadAverageAtEnd: os.loadavg().map((v) => Math.round(v * 100) / 100) },
  scenarios: plan.scenarios.map((s) => ({ name: s.name, params: paramsOf(s) })),
  contestants: plan.contestants.map((c) => c.name),
  rows,
};
mkdirSync(dirname(plan.outPath), { recursive: true });
writeFileSync(plan.outPath, `${JSON.stringify(results, null, 2)}\n`);
log(`wrote ${plan.outPath} (${results.durationSeconds} s)`);
// This run's tables, for the terminal.
const tables = renderRegions(results);
for (const scenario of plan.scenarios) {
  if (tables[scenario.name]) log(`\n## ${scenario.title}\n\n${tables[scenario.name]}\n`);
}
if (plan.mdPath) log(`filled ${writeReport(plan.mdPath, results).join(', ')} in ${plan.mdPath}`);
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

function timeoutOf(params: Record<string, number>): number {
  return (params.childTimeoutMs ?? 90_000) + 15_000;
}

function secondsSince(t0: number): string {
  return ((Date.now() - t0) / 1000).toFixed(1);
}

/** A child scenario: one fresh process per contestant and repeat, interleaved. */
async function runEach(scenario: ScenarioDef, field: ContestantDef[]): Promise<void> {
  const params = paramsOf(scenario);
  for (let repeat = 0; repeat < repeats; repeat += 1) {
    // Every repeat runs each contestant once, starting one further along.
    const order = field.map((_, i) => field[(i + repeat) % field.length]!);
    const run = async (contestant: ContestantDef) => {
      const t0 = Date.now();
      const outcome = await runChild(
        spec(scenario.name, contestant.name, String(repeat), params),
        timeoutOf(params),
      );
      const { metrics, firstFailure, error } = outcome;
      rows.push({
        scenario: scenario.name,
        contestant: contestant.name,
        repeat,
        metrics,
        firstFailure,
        error,
      });
      const failure = firstFailure ? ` (first failure: ${firstFailure})` : '';
      log(
        `${scenario.name} #${repeat + 1} ${contestant.name} (${secondsSince(t0)} s): ${metrics ? `${brief(metrics)}${failure}` : `ERROR ${error}`}`,
      );
    };
    if (scenario.parallel && plan.sideBySide) await Promise.all(order.map(run));
    else for (const contestant of order) await run(contestant);
  }
}

/**
 * A group scenario: per repeat, one fresh process per contestant, holding it and the floor of
 * its client kind (the floor alone when only floors are selected), so that what a contestant
 * is measured beside never depends on what else was selected. The floor's samples of that
 * process go into the contestant's row (`floorCpuUsPerReq`).
 */
async function runGroups(scenario: ScenarioDef, field: ContestantDef[]): Promise<void> {
  const params = paramsOf(scenario);
  const floorOf = (c: ContestantDef) =>
    contestants.find((f) => f.client === c.client && f.role === 'floor')!;
  const units = field.filter((c) => c.role !== 'floor');
  for (const floor of field.filter((c) => c.role === 'floor')) {
    if (!units.some((c) => floorOf(c) === floor)) units.push(floor);
  }
  for (let repeat = 0; repeat < repeats; repeat += 1) {
    for (let u = 0; u < units.length; u += 1) {
      const unit = units[(u + repeat) % units.length]!;
      const floor = floorOf(unit);
      const names = unit === floor ? [floor.name] : [floor.name, unit.name];
      const t0 = Date.now();
      const outcome = await runChild(
        { ...spec(scenario.name, floor.name, String(repeat), params), contestants: names },
        timeoutOf(params),
      );
      const base = { scenario: scenario.name, contestant: unit.name, repeat };
      const result = outcome.group?.[unit.name];
      const floorResult = outcome.group?.[floor.name];
      if (!result || !floorResult) {
        rows.push({ ...base, error: outcome.error ?? 'no result' });
        log(
          `${scenario.name} #${repeat + 1} ${unit.name} (${secondsSince(t0)} s): ERROR ${outcome.error}`,
        );
        continue;
      }
      const floorUs = floorResult.samples.cpuUsPerReq ?? [];
      rows.push({
        ...base,
        firstFailure: outcome.firstFailure,
        metrics: { ...result.metrics, floorCpuUsPerReq: spread(floorUs).median },
        samples: { ...result.samples, floorCpuUsPerReq: floorUs },
      });
      const own = spread(result.samples.cpuUsPerReq ?? []);
      const d = spread(result.samples.deltaUs ?? []);
      log(
        `${scenario.name} #${repeat + 1} ${unit.name} (${secondsSince(t0)} s): bare ${num(spread(floorUs).median, 1)} µs, ` +
          `with it ${num(own.median, 1)} µs, Δ ${signed(d.median)} µs (IQR ${signed(d.q1)} … ${signed(d.q3)}, ` +
          `min–max ${signed(d.min)} … ${signed(d.max)}, ${d.n} rounds)`,
      );
    }
  }
}

function brief(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .map(([key, value]) =>
      typeof value !== 'number'
        ? `${key}=—`
        : `${key}=${Number.isInteger(value) ? value : value.toFixed(1)}`,
    )
    .join(' ');
}
