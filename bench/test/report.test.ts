import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fillRegions, RegionMarkerError, regionIds } from '../src/report/regions.ts';
import { REGION_IDS, type ResultRow, type RunResults, renderRegions } from '../src/report.ts';

const doc = (body: string) =>
  [
    '# Title',
    'Hand-written text | with a pipe.',
    '<!-- bench:alpha:start -->',
    body,
    '<!-- bench:alpha:end -->',
    'More prose.',
    '<!-- bench:beta:start -->',
    'old beta',
    '<!-- bench:beta:end -->',
    'The end.',
    '',
  ].join('\n');

describe('fillRegions', () => {
  it('replaces exactly what lies between the markers and keeps every other byte', () => {
    const before = doc('old alpha\n\n| a | b |');
    const after = fillRegions(before, { alpha: '| new | table |' });
    const head = before.slice(0, before.indexOf('<!-- bench:alpha:start -->'));
    const tail = before.slice(before.indexOf('<!-- bench:alpha:end -->'));
    expect(after).toBe(`${head}<!-- bench:alpha:start -->\n\n| new | table |\n\n${tail}`);
  });

  it('leaves the regions it is not given as they were', () => {
    const after = fillRegions(doc('old alpha'), { alpha: 'new alpha' });
    expect(after).toContain('<!-- bench:beta:start -->\nold beta\n<!-- bench:beta:end -->');
  });

  it('gives the same document when it fills the same tables twice', () => {
    const once = fillRegions(doc('x'), { alpha: 'A', beta: 'B' });
    expect(fillRegions(once, { alpha: 'A', beta: 'B' })).toBe(once);
  });

  it('throws, naming the marker, when a region to fill has no start or no end marker', () => {
    expect(() => fillRegions(doc('x'), { gamma: 'new' })).toThrow(RegionMarkerError);
    expect(() => fillRegions(doc('x'), { gamma: 'new' })).toThrow(
      /no <!-- bench:gamma:start -->; no <!-- bench:gamma:end -->/,
    );
    const noEnd = doc('x').replace('<!-- bench:beta:end -->', '');
    expect(() => fillRegions(noEnd, { beta: 'new' })).toThrow(/no <!-- bench:beta:end -->/);
  });

  it('throws when a marker appears twice or the end comes before the start', () => {
    const twice = `${doc('x')}<!-- bench:alpha:start -->\n`;
    expect(() => fillRegions(twice, { alpha: 'new' })).toThrow(/bench:alpha:start --> twice/);
    const swapped = doc('x')
      .replace('<!-- bench:beta:start -->', '@@')
      .replace('<!-- bench:beta:end -->', '<!-- bench:beta:start -->')
      .replace('@@', '<!-- bench:beta:end -->');
    expect(() => fillRegions(swapped, { beta: 'new' })).toThrow(/end --> before/);
  });

  it('changes nothing when any region is wrong, even those that are right', () => {
    const before = doc('x');
    expect(() => fillRegions(before, { alpha: 'new', gamma: 'new' })).toThrow(/gamma/);
  });

  it('throws for a marked region the generator does not know (a typo would never be filled)', () => {
    expect(() => fillRegions(doc('x'), {}, ['alpha'])).toThrow(/unknown region\(s\) beta/);
  });
});

describe('the committed BENCHMARKS.md', () => {
  it('marks every region the generator fills, once each, and no other', () => {
    const path = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));
    const ids = regionIds(readFileSync(path, 'utf8'));
    expect([...ids].sort()).toEqual([...REGION_IDS].sort());
  });
});

function results(rows: ResultRow[], scenarios: string[]): RunResults {
  return {
    startedAt: '2026-12-01T00:00:00.000Z',
    durationSeconds: 60,
    mode: 'quick',
    smoke: false,
    repeats: 1,
    tokenLatencyMs: 50,
    machine: {
      cpu: 'test',
      cores: 2,
      memoryGiB: 1,
      os: 'test',
      node: 'v24',
      loadAverageAtStart: [0, 0, 0],
      loadAverageAtEnd: [0, 0, 0],
      commit: 'abc1234',
      versions: { axios: '1.2.3' },
    },
    scenarios: scenarios.map((name) => ({ name, params: { rounds: 3 } })),
    contestants: [...new Set(rows.map((row) => row.contestant))],
    rows,
  };
}

describe('renderRegions', () => {
  it('renders only the regions of the scenarios that ran, plus machine and failed runs', () => {
    const run = results(
      [{ scenario: 'stampede', contestant: 'tk-axios', repeat: 0, metrics: { tokenRequests: 1 } }],
      ['stampede'],
    );
    expect(Object.keys(renderRegions(run)).sort()).toEqual(['failed-runs', 'machine', 'stampede']);
  });

  it('shows for overhead the floor, the adapter, the median of paired differences and its spread', () => {
    const run = results(
      [
        {
          scenario: 'overhead',
          contestant: 'tk-axios',
          repeat: 0,
          metrics: { failures: 0 },
          // Paired differences 2, 12 and 4: their median is 4, not 52 − 40 = 12.
          samples: {
            floorCpuUsPerReq: [30, 40, 50],
            cpuUsPerReq: [32, 52, 54],
            deltaUs: [2, 12, 4],
            mainThreadDeltaUs: [1, 3, 2],
          },
        },
      ],
      ['overhead'],
    );
    const table = renderRegions(run).overhead!;
    expect(table).toContain('_Quick run');
    const row = table.split('\n').find((line) => line.startsWith('| @tokenkeeper/axios'));
    expect(row).toBe(
      '| @tokenkeeper/axios | 40.0 (axios 1.2.3) | 52.0 | **+4.0** | 3.0 – 8.0 | 2.0 – 12.0 | +2.0 | 3 | ≤ 10 µs: **met** |',
    );
  });

  it('judges recovery on the worst repeat and prints the targets beside the numbers', () => {
    const row = (repeat: number, hits: number, firstSuccessMs: number): ResultRow => ({
      scenario: 'recovery-3s',
      contestant: 'tk-got',
      repeat,
      metrics: {
        hitsDuringOutage: hits,
        tokenHits: hits + 1,
        failures: 10,
        requests: 210,
        unsettled: 0,
        firstSuccessMs,
        lastSettledMs: firstSuccessMs + 5,
      },
    });
    const table = renderRegions(results([row(0, 4, 300), row(1, 5, 1_200)], ['recovery-3s']))[
      'recovery-3s'
    ]!;
    const line = table.split('\n').find((l) => l.startsWith('| @tokenkeeper/got'));
    expect(line).toContain('≤ 5: **met**');
    expect(line).toContain('≤ 1,000 ms: **missed**');
    expect(line).toContain('750 (300–1,200)');
  });
});
