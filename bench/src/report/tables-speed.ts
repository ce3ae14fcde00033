import { iqr, num, pct, range, show, signed, table, verdict } from './format.ts';
import { CPU_OVER_FLOOR_US } from './targets.ts';
import { errorNote, floorOf, type View } from './view.ts';

/** Steady state (real network): req/s and client CPU per request, against the floor. */
export function steadyTable(view: View, scenario: string): string {
  const body = view.ran(scenario).map((name) => {
    const c = view.def(name)!;
    const rps = view.get(scenario, name, 'reqPerSec');
    const cpu = view.get(scenario, name, 'cpuUsPerReq');
    const floorRps = view.get(scenario, floorOf(c), 'reqPerSec').median;
    const floorCpu = view.get(scenario, floorOf(c), 'cpuUsPerReq').median;
    const isFloor = c.role === 'floor';
    const slower = 1 - rps.median / floorRps;
    const tolerance = c.steadyTolerance;
    return [
      `${view.label(name)}${errorNote(view, scenario, name)}`,
      show(rps),
      isFloor ? '—' : pct(-slower),
      show(cpu),
      isFloor ? '—' : signed(cpu.median - floorCpu),
      show(view.get(scenario, name, 'failures')),
      tolerance === undefined || Number.isNaN(slower)
        ? '—'
        : verdict(`within ${tolerance * 100} %`, slower <= tolerance),
    ];
  });
  return table(
    [
      'Contestant',
      'req/s',
      'req/s vs floor',
      'CPU µs / request',
      'CPU over floor (µs)',
      'failures',
      'target (median)',
    ],
    body,
  );
}

/**
 * Overhead (network stubbed): per contestant other than the floors, the bare client's (measured
 * in the contestant's own processes) and the contestant's process CPU per request (median of
 * every round of every process), the median
 * of the paired per-round differences with their quartiles and range, and the same median for
 * the main thread's CPU alone (a cross-check: background threads are not in it).
 */
export function overheadTable(view: View): string {
  const body = view
    .ran('overhead')
    .filter((name) => view.def(name)?.role !== 'floor')
    .map((name) => {
      const c = view.def(name)!;
      const floor = view.pooled('overhead', name, 'floorCpuUsPerReq');
      const own = view.pooled('overhead', name, 'cpuUsPerReq');
      const delta = view.pooled('overhead', name, 'deltaUs');
      const mainDelta = view.pooled('overhead', name, 'mainThreadDeltaUs');
      const failures = view.get('overhead', name, 'failures').max;
      return [
        `${view.label(name)}${errorNote(view, 'overhead', name)}${failures > 0 ? ` ⚠ ${num(failures)} non-200` : ''}`,
        `${num(floor.median, 1)} (${view.label(floorOf(c)).replace(' (floor)', '')})`,
        num(own.median, 1),
        `**${signed(delta.median)}**`,
        iqr(delta),
        range(delta),
        signed(mainDelta.median),
        num(delta.n),
        c.role === 'tokenkeeper'
          ? verdict(`≤ ${CPU_OVER_FLOOR_US} µs`, delta.median <= CPU_OVER_FLOOR_US)
          : '—',
      ];
    });
  return table(
    [
      'Contestant',
      'bare client µs / req',
      'contestant µs / req',
      'Δ µs / req (median of rounds)',
      'Δ IQR',
      'Δ min – max',
      'Δ main thread only',
      'rounds',
      'target (median Δ)',
    ],
    body,
  );
}
