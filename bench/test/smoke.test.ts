import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { smokeDefaults } from '../src/config.ts';
import type { RunResults } from '../src/report.ts';
import { renderReport } from '../src/report.ts';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
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
    const timer = setTimeout(() => child.kill('SIGKILL'), 55_000);
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

    expect(results.smoke).toBe(true);
    expect(results.repeats).toBe(1);
    expect(results.rows.filter((row) => row.error)).toEqual([]);
    const fields: Record<string, string[]> = {
      'steady-seq': ['requests', 'failures', 'reqPerSec', 'cpuUsPerReq'],
      stampede: ['tokenRequests', 'failures', 'sendsPerRequest', 'maxSendsPerRequest'],
      storm: ['tokenRequests', 'failures', 'sendsPerRequest', 'maxSendsPerRequest', 'api401'],
    };
    for (const scenario of smokeDefaults.scenarios) {
      const withFloors = scenario.startsWith('steady');
      const expected = smokeDefaults.contestants.filter(
        (c) => withFloors || !c.startsWith('bare-'),
      );
      const rows = results.rows.filter((row) => row.scenario === scenario);
      expect(rows.map((row) => row.contestant).sort()).toEqual([...expected].sort());
      for (const row of rows) {
        for (const field of fields[scenario] ?? []) {
          expect(row.metrics?.[field], `${scenario} ${row.contestant} ${field}`).toBeTypeOf(
            'number',
          );
        }
        expect(row.metrics?.failures, `${scenario} ${row.contestant} failures`).toBe(0);
      }
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

    // The report renders from these numbers.
    const markdown = renderReport(results);
    expect(markdown).toContain('## Cold stampede');
    expect(markdown).toContain('@tokenkeeper/fetch');
  }, 60_000);
});
