import { type ContestantDef, contestants, extraSizeEntries } from './config.ts';
import type { MachineInfo } from './machine.ts';
import type { Metrics } from './scenarios/context.ts';
import { type Spread, spread } from './stats.ts';

/** One scenario x contestant x repeat. */
export interface ResultRow {
  scenario: string;
  contestant: string;
  repeat: number;
  metrics?: Metrics;
  /** The first failed request's status or error, when a run counted failures. */
  firstFailure?: string;
  error?: string;
}

/** Everything a run wrote to its results JSON. */
export interface RunResults {
  startedAt: string;
  durationSeconds: number;
  smoke: boolean;
  repeats: number;
  /** Latency of every token endpoint answer, ms. */
  tokenLatencyMs: number;
  /** Scenarios whose contestants ran side by side (`--fast`). */
  sideBySide?: string[];
  machine: MachineInfo & { loadAverageAtEnd: number[] };
  scenarios: Array<{ name: string; params: Record<string, number> }>;
  contestants: string[];
  rows: ResultRow[];
}

/** A target and whether the run met it. */
export interface TargetCheck {
  target: string;
  result: string;
  /** `undefined`: this machine cannot tell. */
  met: boolean | undefined;
}

const SIZE_BUDGET = 3_500; // bytes, min+gzip (kB = 1,000 bytes, as size-limit counts)
const CPU_BUDGET_US = 15;

const def = (name: string): ContestantDef | undefined => contestants.find((c) => c.name === name);
const labelOf = (name: string) =>
  def(name)?.label ?? extraSizeEntries.find((e) => e.name === name)?.label ?? name;
const floorOf = (c: ContestantDef) => `bare-${c.client}`;

/** Reads a results file into the numbers the report shows. */
export function createView(results: RunResults) {
  const rowsOf = (scenario: string, contestant: string) =>
    results.rows.filter((r) => r.scenario === scenario && r.contestant === contestant);
  const ran = (scenario: string) =>
    contestants
      .map((c) => c.name)
      .filter((name) => rowsOf(scenario, name).length > 0)
      .concat(
        extraSizeEntries
          .map((e) => e.name)
          .filter((name) => scenario === 'size' && rowsOf(scenario, name).length > 0),
      );
  const get = (scenario: string, contestant: string, metric: string): Spread =>
    spread(
      rowsOf(scenario, contestant)
        .filter((r) => r.metrics && metric in r.metrics)
        .map((r) => Number(r.metrics![metric])),
    );
  const errors = (scenario: string, contestant: string) =>
    rowsOf(scenario, contestant).filter((r) => r.error);
  return { results, rowsOf, ran, get, errors };
}
type View = ReturnType<typeof createView>;

// ---- formatting ----------------------------------------------------------------------------

const num = (value: number, digits = 0) =>
  Number.isNaN(value)
    ? '—'
    : value.toLocaleString('en-US', {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });

/** `median (min–max)`, or just the value when every repeat agreed. */
function show(s: Spread, digits = 0): string {
  if (s.n === 0) return '—';
  if (num(s.min, digits) === num(s.max, digits)) return num(s.median, digits);
  return `${num(s.median, digits)} (${num(s.min, digits)}–${num(s.max, digits)})`;
}

const pct = (value: number) =>
  Number.isNaN(value) ? '—' : `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(1)} %`;
const signed = (value: number, digits = 1) =>
  Number.isNaN(value) ? '—' : `${value >= 0 ? '+' : '−'}${num(Math.abs(value), digits)}`;
const kb = (bytes: number) =>
  Number.isNaN(bytes) || bytes === 0 ? '—' : `${(bytes / 1000).toFixed(2)} kB`;
const yes = (met: boolean | undefined) =>
  met === undefined ? '**not resolved**' : met ? '**met**' : '**missed**';

function table(head: string[], body: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n');
}

function errorNote(view: View, scenario: string, name: string): string {
  const count = view.errors(scenario, name).length;
  return count ? ` ⚠ ${count} run(s) failed` : '';
}

// ---- targets -------------------------------------------------------------------------------

/** Evaluates every stated target the run has data for. */
export function checkTargets(view: View): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const tk = contestants.filter((c) => c.role === 'tokenkeeper');
  for (const scenario of ['steady-seq', 'steady-c64']) {
    for (const c of tk) {
      const floor = floorOf(c);
      const rps = view.get(scenario, c.name, 'reqPerSec');
      const floorRps = view.get(scenario, floor, 'reqPerSec');
      if (rps.n === 0 || floorRps.n === 0) continue;
      const slower = 1 - rps.median / floorRps.median;
      const tolerance = c.steadyTolerance ?? 0.05;
      checks.push({
        target: `${scenario}: ${c.label} req/s within ${tolerance * 100} % of bare ${c.client}`,
        result: `${pct(-slower)} (floor's own spread between repeats: ${pct((floorRps.max - floorRps.min) / floorRps.median).replace('+', '±')})`,
        met: slower <= tolerance,
      });
    }
  }
  for (const c of tk) {
    const floor = floorOf(c);
    const stubbed = view.get('overhead', c.name, 'cpuUsPerReq');
    const source = stubbed.n > 0 ? 'overhead' : 'steady-c64';
    const cpu = view.get(source, c.name, 'cpuUsPerReq');
    const floorCpu = view.get(source, floor, 'cpuUsPerReq');
    if (cpu.n === 0 || floorCpu.n === 0) continue;
    const over = cpu.median - floorCpu.median;
    const isStubbed = source === 'overhead';
    checks.push({
      target: `CPU per request over bare ${c.client} < ${CPU_BUDGET_US} µs: ${c.label}`,
      result: isStubbed
        ? `${signed(over)} µs (network stubbed)`
        : `${signed(over)} µs over the real network at concurrency 64 (no stubbed transport for ${c.client}; scheduler noise here is tens of µs)`,
      met: isStubbed ? over < CPU_BUDGET_US : undefined,
    });
  }
  for (const scenario of ['stampede', 'storm']) {
    for (const c of tk) {
      const tokens = view.get(scenario, c.name, 'tokenRequests');
      if (tokens.n === 0) continue;
      const failures = view.get(scenario, c.name, 'failures');
      const sends = view.get(scenario, c.name, 'maxSendsPerRequest');
      const storm = scenario === 'storm';
      const met =
        tokens.max === 1 &&
        tokens.min === 1 &&
        failures.max === 0 &&
        (!storm || sends.max <= 2) &&
        view.errors(scenario, c.name).length === 0;
      checks.push({
        target: `${scenario}: ${c.label} exactly 1 token request, 0 failures${storm ? ', ≤ 2 sends per request' : ''}`,
        result: `${show(tokens)} token request(s), ${show(failures)} failures${storm ? `, ≤ ${num(sends.max)} sends per request` : ''}`,
        met,
      });
    }
  }
  for (const c of tk) {
    const unauthorized = view.get('expiry', c.name, 'api401');
    if (unauthorized.n === 0) continue;
    checks.push({
      target: `expiry: ${c.label} 0 401s`,
      result: `${show(unauthorized)} 401s (worst repeat ${num(unauthorized.max)})`,
      met: unauthorized.max === 0 && view.errors('expiry', c.name).length === 0,
    });
  }
  for (const c of tk) {
    const hits = view.get('outage', c.name, 'tokenHits');
    if (hits.n === 0) continue;
    const whileValid = view.get('outage', c.name, 'failuresWhileValid');
    checks.push({
      target: `outage: ${c.label} ≤ 5 token-endpoint hits, 0 failures while the old token is valid`,
      result: `${show(hits)} hits, ${show(whileValid)} failures while valid`,
      met: hits.max <= 5 && whileValid.max === 0 && view.errors('outage', c.name).length === 0,
    });
  }
  const peer = view.get('size', 'badgateway-fetch-only', 'libraryGzip').median;
  for (const name of ['tk-axios', 'tk-fetch']) {
    const size = view.get('size', name, 'libraryGzip');
    if (size.n === 0) continue;
    checks.push({
      target: `size: ${labelOf(name)} + core ≤ 3.5 kB min+gzip (OAuth2Fetch alone: ${kb(peer)})`,
      result: kb(size.median),
      met: size.median <= SIZE_BUDGET,
    });
  }
  return checks;
}

// ---- sections ------------------------------------------------------------------------------

function machineSection(results: RunResults): string {
  const m = results.machine;
  const rows = [
    ['CPU', `${m.cpu} (${m.cores} cores available)`],
    ['Memory', `${m.memoryGiB} GiB`],
    ['OS', m.os],
    ['Node', m.node],
    [
      'Load average (1/5/15 min) at start / end',
      `${m.loadAverageAtStart.join(' / ')} — ${m.loadAverageAtEnd.join(' / ')}`,
    ],
    ['tokenkeeper commit', m.commit],
    ...Object.entries(m.versions).map(([name, version]) => [name, version]),
    [
      'Run',
      `${results.startedAt}, ${results.durationSeconds} s, ${results.repeats} repeat(s)${results.smoke ? ', smoke (tiny N)' : ''}`,
    ],
  ];
  return table(['', ''], rows);
}

function steadySection(view: View, scenario: string): string {
  const names = view.ran(scenario);
  const body = names.map((name) => {
    const c = def(name)!;
    const rps = view.get(scenario, name, 'reqPerSec');
    const cpu = view.get(scenario, name, 'cpuUsPerReq');
    const floor = floorOf(c);
    const floorRps = view.get(scenario, floor, 'reqPerSec').median;
    const floorCpu = view.get(scenario, floor, 'cpuUsPerReq').median;
    const isFloor = c.role === 'floor';
    return [
      `${c.label}${errorNote(view, scenario, name)}`,
      show(rps),
      isFloor ? '—' : pct(rps.median / floorRps - 1),
      show(cpu),
      isFloor ? '—' : signed(cpu.median - floorCpu),
      show(view.get(scenario, name, 'failures')),
    ];
  });
  return table(
    ['Contestant', 'req/s', 'vs floor', 'CPU µs / request', 'CPU over floor (µs)', 'failures'],
    body,
  );
}

function overheadSection(view: View): string {
  const body = view.ran('overhead').map((name) => {
    const c = def(name)!;
    const cpu = view.get('overhead', name, 'cpuUsPerReq');
    const floor = view.get('overhead', floorOf(c), 'cpuUsPerReq').median;
    return [
      `${c.label}${errorNote(view, 'overhead', name)}`,
      show(cpu, 1),
      c.role === 'floor' ? '—' : signed(cpu.median - floor),
    ];
  });
  return table(['Contestant', 'CPU µs / request', 'over the bare client (µs)'], body);
}

function countsSection(
  view: View,
  scenario: string,
  columns: Array<[string, string, number?]>,
): string {
  const body = view
    .ran(scenario)
    .map((name) => [
      `${labelOf(name)}${errorNote(view, scenario, name)}`,
      ...columns.map(([metric, , digits]) => show(view.get(scenario, name, metric), digits ?? 0)),
    ]);
  return table(['Contestant', ...columns.map(([, title]) => title)], body);
}

function sizeSection(view: View): string {
  const names = view.ran('size');
  const body = names.map((name) => {
    const c = def(name);
    const lib = view.get('size', name, 'libraryGzip').median;
    const libMin = view.get('size', name, 'libraryMinified').median;
    const used = view.get('size', name, 'gzip').median;
    const floor = c ? view.get('size', floorOf(c), 'gzip').median : Number.NaN;
    return [
      labelOf(name),
      lib ? `${kb(libMin)} / **${kb(lib)}**` : '—',
      c ? kb(used) : '—',
      c && c.role !== 'floor' ? `${signed(used - floor, 0)} B` : '—',
    ];
  });
  return table(
    [
      'Bundle',
      'library exports: minified / min+gzip',
      'contestant module as used (min+gzip)',
      'as used, over the bare client',
    ],
    body,
  );
}

function memorySection(view: View): string {
  const body = view.ran('memory').map((name) => {
    const c = def(name)!;
    const bytes = view.get('memory', name, 'bytesPerClient');
    const floor = view.get('memory', floorOf(c), 'bytesPerClient').median;
    return [
      `${c.label}${errorNote(view, 'memory', name)}`,
      show(
        { ...bytes, median: bytes.median / 1024, min: bytes.min / 1024, max: bytes.max / 1024 },
        1,
      ),
      c.role === 'floor' ? '—' : signed((bytes.median - floor) / 1024, 1),
      show(view.get('memory', name, 'failures')),
    ];
  });
  return table(
    ['Contestant', 'KiB per idle client', 'over the bare client (KiB)', 'failures'],
    body,
  );
}

function errorsSection(results: RunResults): string {
  const failed = results.rows.filter((r) => r.error);
  if (!failed.length) return '';
  return `## Runs that failed\n\n${table(
    ['Scenario', 'Contestant', 'Repeat', 'Error'],
    failed.map((r) => [
      r.scenario,
      labelOf(r.contestant),
      String(r.repeat + 1),
      r.error!.replace(/\|/g, '\\|').slice(0, 300),
    ]),
  )}\n`;
}

// ---- the document --------------------------------------------------------------------------

/** Renders BENCHMARKS.md from a results file. */
export function renderReport(results: RunResults): string {
  const view = createView(results);
  const has = (scenario: string) => view.ran(scenario).length > 0;
  const targets = checkTargets(view);
  const params = (name: string) => results.scenarios.find((s) => s.name === name)?.params ?? {};
  const parts: string[] = [];
  parts.push(`# Benchmarks

Generated by \`pnpm bench\` (\`bench/src/main.ts\`) from one run; the raw numbers are in
\`bench/results/latest.json\` (not committed). Every cell is the **median of ${results.repeats} repeat(s)**,
with the range (min–max) in parentheses when the repeats disagreed. Reproduce with:

\`\`\`sh
pnpm install
pnpm bench                                   # everything, ${results.repeats} repeats, writes BENCHMARKS.md
pnpm bench --scenarios stampede,storm --contestants tk-axios,aar --repeats 5
pnpm bench --report bench/results/latest.json  # re-render this file from saved numbers
\`\`\`

## Machine

${machineSection(results)}

The machine is a shared 2-core VM: other work ran beside the benchmark, so throughput numbers
move by several percent between repeats (see the ranges). CPU time per request of the client
process is the steadier measure of overhead; counts (token requests, 401s, failures) do not
depend on speed.

## How it runs

- **One server process** (\`bench/src/server.ts\`): an OAuth 2 token endpoint (RFC 6749
  client_credentials, form-encoded, \`client_secret_post\` or \`_basic\`) that answers after
  ${results.tokenLatencyMs} ms with real HS256 JWTs (\`exp\`, \`iat\`, \`jti\`), and a protected API that
  verifies them (signature once per token, then \`exp\` and revocation on every request, no clock
  tolerance). Counters, revoke, outage and token lifetime are per client id, driven over
  \`/__admin/*\`, so runs never see each other's traffic.
- **Each scenario × contestant runs in a fresh Node process** (\`bench/src/child.ts\`), after a
  warm-up in that process (a throwaway client under another client id, or the measured client
  itself for steady state). Contestants are interleaved: each repeat runs every contestant once,
  starting one further along the list. ${results.sideBySide?.length ? `With \`--fast\`, the contestants of ${results.sideBySide.join(', ')} ran side by side (one process each); all other runs one process at a time.` : 'One process runs at a time.'}
- **Contestants** are small modules with one interface (\`bench/src/contestants/*.ts\`, default
  export \`setup(target) → { get(path), close() }\`), wired as each project's README shows. The
  floors are the bare clients with a static token and no middleware. Every client keeps its
  defaults (axios, ky and got throw on a 4xx, and the module reads the status from the error).
- **Peers**: axios-auth-refresh 3.3.6 (the version whose README has
  \`pauseInstanceWhileRefreshing\`) with and without that option, and the current major 5.0.2
  with its defaults (\`deduplicateRefresh: true\`, which pauses the instance); their README
  pattern stores the token in a variable set by the refresh logic and adds it in a request
  interceptor. @badgateway/oauth2-client 3.3.1 \`OAuth2Fetch\` with
  \`getNewToken: () => client.clientCredentials()\`.
`);

  parts.push(`## Targets

${
  targets.length
    ? table(
        ['Target', 'Result', ''],
        targets.map((t) => [t.target, t.result, yes(t.met)]),
      )
    : 'No target had data in this run.'
}

Counts are judged on the worst repeat, throughput and CPU on the medians.
`);

  if (has('steady-seq') || has('steady-c64')) {
    parts.push(`## Steady state

A client that already holds a valid token sends GETs to the API and parses the JSON body:
sequentially (${num(params('steady-seq').requests ?? Number.NaN)} requests) and with 64 concurrent
workers (${num(params('steady-c64').requests ?? Number.NaN)} requests). "vs floor" compares with the
bare client of the same kind (axios, fetch, ky, got) with a static token; "CPU over floor" is the
difference in the client process's CPU time per request (\`process.cpuUsage()\`, user + system).`);
    if (has('steady-seq')) parts.push(`### Sequential\n\n${steadySection(view, 'steady-seq')}\n`);
    if (has('steady-c64'))
      parts.push(`### Concurrency 64\n\n${steadySection(view, 'steady-c64')}\n`);
    parts.push(steadyParagraph(view));
  }
  if (has('overhead')) {
    parts.push(`## Middleware CPU per request, network stubbed

The same client setups with the network replaced by in-process stubs (\`globalThis.fetch\` and
axios's default adapter answer at once), ${num(params('overhead').requests ?? Number.NaN)} sequential
requests after ${num(params('overhead').warmup ?? Number.NaN)} warm-up ones: what is left is the cost of
the client and its middleware, without sockets and scheduling. got takes no part (it has no
transport that can be stubbed without bypassing its hooks); its overhead is only in the tables above.

${overheadSection(view)}

${overheadParagraph(view)}
`);
  }
  if (has('stampede')) {
    parts.push(`## Cold stampede

A fresh client (no token yet) gets ${num(params('stampede').concurrency ?? Number.NaN)} requests at once.

${countsSection(view, 'stampede', [
  ['tokenRequests', 'token requests'],
  ['failures', 'failures'],
  ['sendsPerRequest', 'API sends per request', 2],
  ['maxSendsPerRequest', 'most sends for one request'],
  ['api401', '401s'],
  ['durationMs', 'time (ms)'],
])}

${stampedeParagraph(view)}
`);
  }
  if (has('storm')) {
    parts.push(`## 401 storm

A client holds a valid token; the server revokes every token of that client, then
${num(params('storm').concurrency ?? Number.NaN)} requests go at once, so each first send gets a 401.

${countsSection(view, 'storm', [
  ['tokenRequests', 'token requests'],
  ['failures', 'failures'],
  ['sendsPerRequest', 'API sends per request', 2],
  ['maxSendsPerRequest', 'most sends for one request'],
  ['api401', '401s'],
  ['durationMs', 'time (ms)'],
])}

${stormParagraph(view)}
`);
  }
  if (has('expiry')) {
    const p = params('expiry');
    parts.push(`## Expiry crossing

Tokens live ${p.ttlSeconds} s (\`expires_in: ${p.ttlSeconds}\` and a JWT \`exp\` with whole seconds, so
a token can have as little as ${p.ttlSeconds! - 1}–${p.ttlSeconds} s left when it arrives); the client sends
${p.rate} requests per second on a fixed schedule for ${num((p.durationMs ?? 0) / 1000)} s, crossing
several expiries. A 401 at the server is a request sent with an expired token.

${countsSection(view, 'expiry', [
  ['api401', '401s seen by the server'],
  ['failures', 'failures seen by the caller'],
  ['tokenRequests', 'token requests'],
  ['sendsPerRequest', 'API sends per request', 3],
])}

${expiryParagraph(view)}
`);
  }
  if (has('outage')) {
    const p = params('outage');
    parts.push(`## Token endpoint outage

Tokens live ${p.ttlSeconds} s. The client holds one; from ${num(p.beforeExpiryMs ?? Number.NaN)} ms
before it expires, the token endpoint answers 500 for ${num(p.outageMs ?? Number.NaN)} ms, so the outage
begins while the old token is valid and ends ${num((p.outageMs ?? 0) - (p.beforeExpiryMs ?? 0))} ms after
it expired. ${p.workers} concurrent loops send a request every ${p.pauseMs} ms throughout. "Recovery" is
the time from the end of the outage to the first successful response.

${countsSection(view, 'outage', [
  ['tokenHits', 'token-endpoint hits'],
  ['outageAnswers', 'of them answered 500'],
  ['failuresWhileValid', 'failures while the old token was valid'],
  ['failures', 'failures in all'],
  ['requests', 'requests'],
  ['recoveryMs', 'recovery (ms)'],
])}

${outageParagraph(view)}
`);
  }
  if (has('size')) {
    parts.push(`## Bundle size

esbuild ${results.machine.versions.esbuild}, ESM, minified, tree-shaken, \`platform: 'browser'\`, the HTTP
client (axios, ky, got) external, everything else bundled (for tokenkeeper: core with \`jose\`'s
JWT decoding and \`p-retry\`); gzip level 9; 1 kB = 1,000 bytes. "Library exports" bundles what a
user imports (e.g. \`createTokenManager\` and \`attachBearer\`); "as used" bundles the contestant
module itself, setup code included.

${sizeSection(view)}

${breakdownSection(view)}
${sizeParagraph(view)}
`);
  }
  if (has('memory')) {
    parts.push(`## Memory per idle client

${num(params('memory').count ?? Number.NaN)} clients in one process, each its own token manager (or
interceptor and token variable), each having sent one request (so each holds a token), then idle;
heap growth after full GCs (\`--expose-gc\`) divided by the count. The bare clients hold a static
token.

${memorySection(view)}

${memoryParagraph(view)}
`);
  }
  parts.push(errorsSection(results));
  return `${parts.filter(Boolean).join('\n\n')}`.replace(/\n{3,}/g, '\n\n');
}

// ---- what each scenario shows (sentences built from the numbers) ----------------------------

const tkNames = () => contestants.filter((c) => c.role === 'tokenkeeper').map((c) => c.name);
const peerNames = () => contestants.filter((c) => c.role === 'peer').map((c) => c.name);

function listOf(
  view: View,
  scenario: string,
  names: string[],
  metric: string,
  unit = '',
  digits = 0,
): string {
  return names
    .filter((name) => view.get(scenario, name, metric).n > 0)
    .map((name) => `${labelOf(name)} ${show(view.get(scenario, name, metric), digits)}${unit}`)
    .join('; ');
}

/** Median of `metric` for `name` minus the same for its floor. */
function overFloor(view: View, scenario: string, name: string, metric: string): number {
  const c = def(name);
  if (!c) return Number.NaN;
  return view.get(scenario, name, metric).median - view.get(scenario, floorOf(c), metric).median;
}

function steadyParagraph(view: View): string {
  const spreads = contestants
    .filter((c) => c.role === 'floor')
    .flatMap((c) =>
      ['steady-seq', 'steady-c64'].map((scenario) => view.get(scenario, c.name, 'reqPerSec')),
    )
    .filter((s) => s.n > 1)
    .map((s) => (s.max - s.min) / s.median);
  const worst = spreads.length ? Math.max(...spreads) : Number.NaN;
  const ratios = ['steady-seq', 'steady-c64']
    .map((scenario) => {
      const parts = tkNames()
        .filter((name) => view.get(scenario, name, 'reqPerSec').n > 0)
        .map((name) => {
          const floor = view.get(scenario, floorOf(def(name)!), 'reqPerSec').median;
          return `${labelOf(name)} ${pct(view.get(scenario, name, 'reqPerSec').median / floor - 1)}`;
        });
      return parts.length
        ? `${scenario === 'steady-seq' ? 'sequential' : 'concurrency 64'}: ${parts.join(', ')}`
        : '';
    })
    .filter(Boolean)
    .join('; ');
  return `Median req/s of the tokenkeeper adapters against their floors — ${ratios}. On this
machine the floors' own req/s moved by up to ${pct(worst).replace('+', '')} between repeats of the same
setup (max − min over median), so the throughput comparison cannot resolve a 3–5 % difference
either way; the verdicts in the targets table are what the medians say, no more. The CPU columns
(client process only) are steadier but still carry scheduler noise of tens of µs when the load
average is high; the stubbed-network table below measures the middleware's CPU cost without it.
`;
}

function overheadParagraph(view: View): string {
  const names = view.ran('overhead').filter((name) => def(name)?.role !== 'floor');
  const line = names
    .map(
      (name) => `${labelOf(name)} ${signed(overFloor(view, 'overhead', name, 'cpuUsPerReq'))} µs`,
    )
    .join('; ');
  return `CPU added per request over the bare client: ${line}. Where it goes, from the adapters' source:
\`@tokenkeeper/axios\` runs one async request interceptor (axios chains a promise for it), reads
the origin of \`url\`/\`baseURL\` from its cached policy, remembers the token in a \`WeakMap\` and
installs a \`beforeRedirect\` hook; headers are copied only for a resend after a 401.
axios-auth-refresh's README pattern adds one request interceptor that sets a header from a
variable, and a response interceptor that only acts on errors. \`@tokenkeeper/fetch\` passes a
string or URL input straight on with one more header (no \`Request\` is built and nothing is
cloned: the body kinds \`fetch\` accepts other than streams can be sent twice as they are); only a
\`Request\` input is cloned. OAuth2Fetch builds and clones a \`Request\` per call.
\`@tokenkeeper/ky\`'s cost is ky's: ky hands every \`afterResponse\` hook a \`response.clone()\` (a
teed body stream), and the 401 retry needs an \`afterResponse\` hook; any ky middleware that
looks at responses pays the same.
`;
}

function peerSentence(view: View, scenario: string): string {
  const parts: string[] = [];
  const aar = view.get(scenario, 'aar', 'tokenRequests');
  if (aar.n > 0) {
    const f = view.get(scenario, 'aar', 'failures');
    parts.push(
      `axios-auth-refresh 3 with its defaults: ${show(aar)} token request(s), ${show(f)} failures, ${show(view.get(scenario, 'aar', 'sendsPerRequest'), 2)} sends per request — every request is answered 401 first and resent; the refresh it shares is the one running when a 401 is processed, and ${aar.max > 1 ? 'here some 401s were processed after it had finished and started another' : 'here every 401 reached its interceptor while the first refresh was still pending, so one was enough (that depends on timing, not on the library)'}`,
    );
  }
  const paused = ['aar-pause', 'aar5'].filter((name) => view.get(scenario, name, 'failures').n > 0);
  if (paused.length) {
    parts.push(
      `${paused.map(labelOf).join(' and ')}: ${paused.map((name) => show(view.get(scenario, name, 'failures'))).join(' and ')} failures — while the refresh runs, the instance is "paused": responses of that instance are not intercepted, so every other 401 of the wave goes back to the caller as an error (version 5's default, \`deduplicateRefresh: true\`, behaves the same way)`,
    );
  }
  const bg = view.get(scenario, 'badgateway', 'tokenRequests');
  if (bg.n > 0) {
    parts.push(
      `OAuth2Fetch: ${show(bg)} token request(s), ${show(view.get(scenario, 'badgateway', 'failures'))} failures — its \`refreshToken()\` keeps one \`activeRefresh\` promise for concurrent callers`,
    );
  }
  return parts.map((part) => `- ${part}.`).join('\n');
}

function stampedeParagraph(view: View): string {
  return `Token requests of the tokenkeeper adapters: ${listOf(view, 'stampede', tkNames(), 'tokenRequests')}; failures:
${listOf(view, 'stampede', tkNames(), 'failures')}. Each adapter asks the manager for a token before
sending: the first caller starts the one token request, the others await the same flight, and
each API request is sent once, with a valid token. The peers, wired as their READMEs show:

${peerSentence(view, 'stampede')}
`;
}

function stormParagraph(view: View): string {
  return `Token requests of the tokenkeeper adapters after the revocation: ${listOf(view, 'storm', tkNames(), 'tokenRequests')};
failures: ${listOf(view, 'storm', tkNames(), 'failures')}. Each 401 calls \`invalidate(token)\` with the token
it answered: the first one for the current token marks it refused and the next \`getToken\` starts
the one refresh; 401s that answered an already-refused token join that flight; every request is
resent exactly once. The peers:

${peerSentence(view, 'storm')}
`;
}

function expiryParagraph(view: View): string {
  const tk401 = Math.max(
    ...tkNames()
      .map((name) => view.get('expiry', name, 'api401').max)
      .filter((v) => !Number.isNaN(v)),
    0,
  );
  const tkSentence =
    tk401 > 0
      ? `A 401 that tokenkeeper still gets is a request that left with a token that expired on the
way: with a 50 ms token endpoint, a window of 100–200 ms leaves little slack when the process
is starved of CPU.`
      : 'No request of a tokenkeeper adapter reached the server with an expired token.';
  return `401s seen by the server: ${listOf(view, 'expiry', [...tkNames(), ...peerNames()], 'api401')}.
tokenkeeper takes the expiry from the earlier of \`expires_in\` and the JWT's \`exp\` (corrected for
the clock skew it observes) and refreshes in the background inside the refresh window (10 % of
the lifetime, here 100–200 ms) while callers keep the current token; it makes more token
requests than the peers because it refreshes before the JWT's \`exp\`, which comes up to a second
before \`expires_in\` says. ${tkSentence} axios-auth-refresh never looks at the expiry: each expiry
costs a 401 per request in flight, resent after the refresh (the caller does not see it; the
server and the latency do). OAuth2Fetch computes \`expiresAt\` from \`expires_in\` when the
response arrives and refreshes only once that moment has passed, so every expiry sends a burst
of tokens that the JWT's earlier \`exp\` has already expired, answered 401 and retried.
`;
}

function outageParagraph(view: View): string {
  return `Token-endpoint hits: ${listOf(view, 'outage', [...tkNames(), ...peerNames()], 'tokenHits')}.
Failures in all: ${listOf(view, 'outage', [...tkNames(), ...peerNames()], 'failures')}.
Recovery: ${listOf(view, 'outage', [...tkNames(), ...peerNames()], 'recoveryMs', ' ms')}.
tokenkeeper starts its refresh inside the refresh window while the old token is still valid and
keeps handing out the old token while that refresh fails; after expiry, all ${'waiting'} callers share
the one flight, which retries with jittered, doubling backoff (250 ms, ×2 each time, randomised
×1–2, at most 4 retries) instead of once per wave of requests. The price is recovery: the first
attempt after the outage comes at the next step of the backoff, up to a few seconds later, while
a peer that fails fast tries again with the next request. The peers do not refresh before expiry;
each wave of 401s (axios-auth-refresh) or of expired-token checks (OAuth2Fetch) makes one token
request, whose failure fails every request waiting on it.
`;
}

function breakdownSection(view: View): string {
  const row = view.rowsOf('size-breakdown', 'tk-core')[0]?.metrics;
  if (!row) return '';
  const total = Object.values(row).reduce((sum, bytes) => sum + bytes, 0);
  const body = Object.entries(row)
    .slice(0, 14)
    .map(([file, bytes]) => [`\`${file}\``, num(bytes), `${((bytes / total) * 100).toFixed(0)} %`]);
  return `Where the bytes of \`createTokenManager\` go (minified, before gzip, from esbuild's metafile;
the ${Object.keys(row).length - body.length} smallest inputs left out):

${table(['Input', 'bytes', 'share'], body)}
`;
}

function sizeParagraph(view: View): string {
  const core = view.get('size', 'tk-core', 'libraryGzip').median;
  const axiosLib = view.get('size', 'tk-axios', 'libraryGzip').median;
  const fetchLib = view.get('size', 'tk-fetch', 'libraryGzip').median;
  return `\`createTokenManager\` alone is ${kb(core)} min+gzip; with an adapter it is ${kb(axiosLib)} (axios) and
${kb(fetchLib)} (fetch): ${kb(axiosLib - SIZE_BUDGET)} and ${kb(fetchLib - SIZE_BUDGET)} over the 3.5 kB budget. The
adapters themselves are a few hundred bytes; the core is what is large. It bundles more than the
wrappers it is compared with — option validation with typed errors, OIDC discovery,
logout/revocation, the store and lock interface for shared caches, redaction of secrets, and
\`p-retry\` (with \`is-network-error\`), about a sixth of the core on its own — and none of it
tree-shakes away because \`createTokenManager\` references all of it. axios-auth-refresh and
OAuth2Fetch alone are small because they do less: neither requests tokens itself (the refresh
logic or \`OAuth2Client\` does); with \`OAuth2Client\`, which it needs to get a token, OAuth2Fetch is
the larger row above.
`;
}

function memoryParagraph(view: View): string {
  const line = view
    .ran('memory')
    .filter((name) => def(name)?.role !== 'floor')
    .map(
      (name) =>
        `${labelOf(name)} ${signed(overFloor(view, 'memory', name, 'bytesPerClient') / 1024, 1)} KiB`,
    )
    .join('; ');
  return `Over the bare client of the same kind: ${line}. An idle tokenkeeper manager holds its resolved
options, the token set, a redactor and closures, and its adapter a policy and a \`WeakMap\`; it
keeps no timer. The peers keep a token variable and an interceptor or two.
`;
}
