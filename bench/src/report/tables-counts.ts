import { num, show, table, verdict } from './format.ts';
import { OUTAGE_MAX_HITS, RECOVERY } from './targets.ts';
import { errorNote, type View } from './view.ts';

type Column = [metric: string, title: string, digits?: number];

function countsTable(
  view: View,
  scenario: string,
  columns: Column[],
  target?: (name: string) => string,
): string {
  const body = view
    .ran(scenario)
    .map((name) => [
      `${view.label(name)}${errorNote(view, scenario, name)}`,
      ...columns.map(([metric, , digits]) => show(view.get(scenario, name, metric), digits ?? 0)),
      ...(target ? [view.def(name)?.role === 'tokenkeeper' ? target(name) : '—'] : []),
    ]);
  const head = ['Contestant', ...columns.map(([, title]) => title)];
  return table(target ? [...head, 'target (worst repeat)'] : head, body);
}

/** Cold stampede and 401 storm: the same counts, one table each. */
export function burstTable(view: View, scenario: 'stampede' | 'storm'): string {
  const storm = scenario === 'storm';
  return countsTable(
    view,
    scenario,
    [
      ['tokenRequests', 'token requests'],
      ['failures', 'failures'],
      ['sendsPerRequest', 'API sends per request', 2],
      ['maxSendsPerRequest', 'most sends for one request'],
      ['api401', '401s'],
      ['durationMs', 'time (ms)'],
    ],
    (name) => {
      const tokens = view.get(scenario, name, 'tokenRequests');
      const met =
        tokens.min === 1 &&
        tokens.max === 1 &&
        view.get(scenario, name, 'failures').max === 0 &&
        (!storm || view.get(scenario, name, 'maxSendsPerRequest').max <= 2) &&
        view.errors(scenario, name).length === 0;
      return verdict(`1 token request, 0 failures${storm ? ', ≤ 2 sends' : ''}`, met);
    },
  );
}

export function expiryTable(view: View): string {
  return countsTable(
    view,
    'expiry',
    [
      ['api401', '401s seen by the server'],
      ['failures', 'failures seen by the caller'],
      ['tokenRequests', 'token requests'],
      ['sendsPerRequest', 'API sends per request', 3],
    ],
    (name) =>
      verdict(
        '0 401s',
        view.get('expiry', name, 'api401').max === 0 && view.errors('expiry', name).length === 0,
      ),
  );
}

export function outageTable(view: View): string {
  return countsTable(
    view,
    'outage',
    [
      ['tokenHits', 'token-endpoint hits'],
      ['outageAnswers', 'of them answered 500'],
      ['failuresWhileValid', 'failures while the old token was valid'],
      ['failures', 'failures in all'],
      ['requests', 'requests'],
      ['recoveryMs', 'first success after the outage (ms)'],
    ],
    (name) =>
      verdict(
        `≤ ${OUTAGE_MAX_HITS} hits, 0 failures while valid`,
        view.get('outage', name, 'tokenHits').max <= OUTAGE_MAX_HITS &&
          view.get('outage', name, 'failuresWhileValid').max === 0 &&
          view.errors('outage', name).length === 0,
      ),
  );
}

/** Recovery after an outage with every token revoked, with the issue's targets beside. */
export function recoveryTable(view: View, scenario: string): string {
  const target = RECOVERY[scenario];
  const body = view.ran(scenario).map((name) => {
    const hits = view.get(scenario, name, 'hitsDuringOutage');
    const first = view.get(scenario, name, 'firstSuccessMs');
    const failed = view.get(scenario, name, 'failures');
    const sent = view.get(scenario, name, 'requests');
    const unsettled = view.get(scenario, name, 'unsettled').max;
    const ok = view.errors(scenario, name).length === 0;
    // A repeat without any success has no value in `first`; it fails the target.
    const measured = view.rowsOf(scenario, name).filter((r) => r.metrics).length;
    const noSuccess = measured - first.n;
    const firstMet =
      noSuccess === 0 && first.n > 0 && first.max <= (target?.firstSuccessMs ?? Number.NaN);
    return [
      `${view.label(name)}${errorNote(view, scenario, name)}`,
      show(hits),
      target ? verdict(`≤ ${target.maxHits}`, ok && hits.max <= target.maxHits) : '—',
      show(view.get(scenario, name, 'tokenHits')),
      `${show(failed)} of ${show(sent)}`,
      `${first.n ? show(first) : ''}${noSuccess ? ` no success in ${noSuccess} repeat(s)` : ''}`.trim(),
      target ? verdict(`≤ ${num(target.firstSuccessMs)} ms`, ok && firstMet) : '—',
      unsettled > 0
        ? `${num(unsettled)} unsettled`
        : show(view.get(scenario, name, 'lastSettledMs')),
    ];
  });
  return table(
    [
      'Adapter',
      'token-endpoint hits during the outage',
      'target (worst repeat)',
      'token-endpoint hits in all',
      'failed requests',
      'first success after the return (ms)',
      'target (worst repeat)',
      'last request settled after the return (ms)',
    ],
    body,
  );
}
