import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { smokeDefaults } from '../src/config.ts';
import { fillRegions, startMarker } from '../src/report/regions.ts';
import { REGION_IDS, type RunResults, renderRegions } from '../src/report.ts';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const benchmarksMd = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'tokenkeeper-bench-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Runs the real runner (its own server process, one child per run) with `--smoke`. */
function runSmoke(out: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@tokenkeeper/source', '--expose-gc', 'src/main.ts', '--smoke', '--out', out],
      { cwd: benchDir, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('the benchmark runner with --smoke', () => {
  it('completes and writes a row with the expected fields for every scenario and contestant', async () => {
    const out = join(outDir, 'smoke.json');
    const { code, stderr } = await runSmoke(out);
    expect(code, stderr).toBe(0);
    const results = JSON.parse(readFileSync(out, 'utf8')) as RunResults;

    expect(results.mode).toBe('smoke');
    expect(results.repeats).toBe(1);
    expect(results.rows.filter((row) => row.error)).toEqual([]);
    const fields: Record<string, string[]> = {
      'steady-seq': ['requests', 'failures', 'reqPerSec', 'cpuUsPerReq'],
      overhead: ['rounds', 'failures', 'cpuUsPerReq', 'wallUsPerReq'],
      stampede: ['tokenRequests', 'failures', 'sendsPerRequest', 'maxSendsPerRequest'],
      storm: ['tokenRequests', 'failures', 'sendsPerRequest', 'maxSendsPerRequest', 'api401'],
      'recovery-3s': ['hitsDuringOutage', 'tokenHits', 'failures', 'requests', 'unsettled'],
    };
    for (const scenario of smokeDefaults.scenarios) {
      // Floors have rows of their own only in steady state; in overhead they run in each
      // contestant's process and their samples are in its row.
      const expected = smokeDefaults.contestants.filter((c) =>
        scenario === 'steady-seq'
          ? true
          : scenario === 'recovery-3s'
            ? c.startsWith('tk-')
            : !c.startsWith('bare-'),
      );
      const rows = results.rows.filter((row) => row.scenario === scenario);
      expect(rows.map((row) => row.contestant).sort()).toEqual([...expected].sort());
      for (const row of rows) {
        for (const field of fields[scenario] ?? []) {
          expect(row.metrics?.[field], `${scenario} ${row.contestant} ${field}`).toBeTypeOf(
            'number',
          );
        }
        // During an outage requests fail by design; everywhere else none may.
        if (!scenario.startsWith('recovery')) {
          expect(row.metrics?.failures, `${scenario} ${row.contestant} failures`).toBe(0);
        }
      }
    }

    // Overhead: one sample per round for the contestant and for the floor in its process, and
    // their paired differences, so the report's Δ is a median over rounds measured side by side.
    for (const row of results.rows.filter((r) => r.scenario === 'overhead')) {
      const rounds = row.metrics?.rounds ?? 0;
      expect(rounds, row.contestant).toBeGreaterThan(0);
      for (const key of ['cpuUsPerReq', 'floorCpuUsPerReq', 'deltaUs', 'mainThreadDeltaUs']) {
        expect(row.samples?.[key], `${row.contestant} ${key}`).toHaveLength(rounds);
      }
    }

    // Recovery: the outage was seen (the token endpoint was asked and answered 500) and every
    // request settled; whether the adapters recover in time is the table's business.
    for (const row of results.rows.filter((r) => r.scenario === 'recovery-3s')) {
      expect(row.metrics?.hitsDuringOutage, row.contestant).toBeGreaterThan(0);
      expect(row.metrics?.unsettled, row.contestant).toBe(0);
      expect(row.metrics?.requests, row.contestant).toBeGreaterThanOrEqual(20);
    }

    // The claim the stampede exists for: one token request however many callers.
    const stampede = results.rows.filter(
      (row) => row.scenario === 'stampede' && row.contestant.startsWith('tk-'),
    );
    expect(stampede.length).toBeGreaterThan(0);
    for (const row of stampede) {
      expect(row.metrics?.tokenRequests, row.contestant).toBe(1);
      expect(row.metrics?.maxSendsPerRequest, row.contestant).toBe(1);
    }
    const storm = results.rows.filter(
      (row) => row.scenario === 'storm' && row.contestant.startsWith('tk-'),
    );
    for (const row of storm) {
      expect(row.metrics?.tokenRequests, row.contestant).toBe(1);
      expect(row.metrics?.maxSendsPerRequest, row.contestant).toBeLessThanOrEqual(2);
    }

    // The tables render from these numbers, into the marked regions of the real BENCHMARKS.md.
    const tables = renderRegions(results);
    expect(Object.keys(tables).sort()).toEqual(
      ['machine', 'failed-runs', ...smokeDefaults.scenarios].sort(),
    );
    expect(tables.stampede).toContain('@tokenkeeper/fetch');
    expect(tables.overhead).toContain('Δ');
    expect(tables['recovery-3s']).toContain('≤ 5');
    const filled = fillRegions(readFileSync(benchmarksMd, 'utf8'), tables, REGION_IDS);
    const region = filled.slice(filled.indexOf(startMarker('stampede')));
    expect(region.slice(0, region.indexOf('<!-- bench:stampede:end -->'))).toContain(
      tables.stampede,
    );
  }, 110_000);
});
