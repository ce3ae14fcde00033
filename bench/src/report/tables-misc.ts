import { kb, num, show, signed, table, verdict } from './format.ts';
import { SIZE_BUDGET_BYTES } from './targets.ts';
import type { RunResults } from './types.ts';
import { errorNote, floorOf, type View } from './view.ts';

/** Where and with what the run happened; versions as read from each package.json at run time. */
export function machineTable(results: RunResults): string {
  const m = results.machine;
  return table(
    ['', ''],
    [
      ['CPU', `${m.cpu} (${m.cores} cores available)`],
      ['Memory', `${m.memoryGiB} GiB`],
      ['OS', m.os],
      ['Node', m.node],
      [
        'Load average (1/5/15 min) at start / end',
        `${m.loadAverageAtStart.join(' / ')} — ${m.loadAverageAtEnd.join(' / ')}`,
      ],
      ['tokenkeeper commit', m.commit],
      ...Object.entries(m.versions),
    ],
  );
}

const SIZE_TARGETS = ['tk-axios', 'tk-fetch'];

export function sizeTable(view: View): string {
  const body = view.ran('size').map((name) => {
    const c = view.def(name);
    const lib = view.get('size', name, 'libraryGzip').median;
    const libMin = view.get('size', name, 'libraryMinified').median;
    const used = view.get('size', name, 'gzip').median;
    const floor = c ? view.get('size', floorOf(c), 'gzip').median : Number.NaN;
    return [
      view.label(name),
      lib ? `${kb(libMin)} / **${kb(lib)}**` : '—',
      c ? kb(used) : '—',
      c && c.role !== 'floor' ? `${signed(used - floor, 0)} B` : '—',
      SIZE_TARGETS.includes(name)
        ? verdict(`≤ ${kb(SIZE_BUDGET_BYTES)}`, lib <= SIZE_BUDGET_BYTES)
        : '—',
    ];
  });
  return table(
    [
      'Bundle',
      'library exports: minified / min+gzip',
      'contestant module as used (min+gzip)',
      'as used, over the bare client',
      'target (library exports)',
    ],
    body,
  );
}

/** Where the bytes of `createTokenManager` go: the largest inputs of its bundle. */
export function sizeBreakdownTable(view: View, top = 14): string {
  const row = view.rowsOf('size-breakdown', 'tk-core')[0]?.metrics ?? {};
  const total = Object.values(row).reduce((sum, bytes) => sum + bytes, 0);
  const entries = Object.entries(row);
  const body = entries
    .slice(0, top)
    .map(([file, bytes]) => [`\`${file}\``, num(bytes), `${((bytes / total) * 100).toFixed(0)} %`]);
  const rest = entries.slice(top).reduce((sum, [, bytes]) => sum + bytes, 0);
  if (rest)
    body.push([
      `${entries.length - top} smaller inputs`,
      num(rest),
      `${((rest / total) * 100).toFixed(0)} %`,
    ]);
  return table(['Input (minified, before gzip)', 'bytes', 'share'], body);
}

export function memoryTable(view: View): string {
  const body = view.ran('memory').map((name) => {
    const c = view.def(name)!;
    const bytes = view.get('memory', name, 'bytesPerClient');
    const floor = view.get('memory', floorOf(c), 'bytesPerClient').median;
    const kib = {
      ...bytes,
      median: bytes.median / 1024,
      min: bytes.min / 1024,
      max: bytes.max / 1024,
    };
    return [
      `${view.label(name)}${errorNote(view, 'memory', name)}`,
      show(kib, 1),
      c.role === 'floor' ? '—' : signed((bytes.median - floor) / 1024, 1),
      show(view.get('memory', name, 'failures')),
    ];
  });
  return table(
    ['Contestant', 'KiB per idle client', 'over the bare client (KiB)', 'failures'],
    body,
  );
}

export function failedRunsTable(view: View): string {
  const failed = view.results.rows.filter((r) => r.error);
  if (!failed.length) return 'No run failed.';
  return table(
    ['Scenario', 'Contestant', 'Repeat', 'Error'],
    failed.map((r) => [
      r.scenario,
      view.label(r.contestant),
      String(r.repeat + 1),
      r.error!.slice(0, 300),
    ]),
  );
}
