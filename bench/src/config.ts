/** Which HTTP client a contestant drives; its floor is the bare client of the same kind. */
export type ClientKind = 'axios' | 'fetch' | 'ky' | 'got';

export type Role = 'floor' | 'tokenkeeper' | 'peer';

/** One contestant: a module in `src/contestants/<name>.ts` whose default export is a `Setup`. */
export interface ContestantDef {
  name: string;
  /** Shown in the tables; `{version}` becomes the version of `package` read at run time. */
  label: string;
  /** The npm package (as installed in bench/node_modules) whose version the label shows. */
  package?: string;
  client: ClientKind;
  role: Role;
  /** Steady-state target: req/s within this fraction of the floor (tokenkeeper only). */
  steadyTolerance?: number;
  /** What a user imports of the library, bundled for the size table (`undefined`: nothing). */
  libraryEntry?: string;
}

export const contestants: ContestantDef[] = [
  {
    name: 'bare-axios',
    label: 'axios {version} (floor)',
    package: 'axios',
    client: 'axios',
    role: 'floor',
  },
  {
    name: 'tk-axios',
    label: '@tokenkeeper/axios',
    client: 'axios',
    role: 'tokenkeeper',
    steadyTolerance: 0.03,
    libraryEntry:
      "export { createTokenManager } from '@tokenkeeper/core';\nexport { attachBearer } from '@tokenkeeper/axios';",
  },
  {
    name: 'aar',
    label: 'axios-auth-refresh {version}',
    package: 'axios-auth-refresh',
    client: 'axios',
    role: 'peer',
    libraryEntry: "export { default } from 'axios-auth-refresh';",
  },
  {
    name: 'aar-pause',
    label: 'axios-auth-refresh {version} (pauseInstanceWhileRefreshing)',
    package: 'axios-auth-refresh',
    client: 'axios',
    role: 'peer',
    libraryEntry: "export { default } from 'axios-auth-refresh';",
  },
  {
    name: 'aar5',
    label: 'axios-auth-refresh {version} (defaults)',
    package: 'axios-auth-refresh-v5',
    client: 'axios',
    role: 'peer',
    libraryEntry: "export { createAuthRefresh } from 'axios-auth-refresh-v5';",
  },
  { name: 'bare-fetch', label: 'fetch (floor)', client: 'fetch', role: 'floor' },
  {
    name: 'tk-fetch',
    label: '@tokenkeeper/fetch',
    client: 'fetch',
    role: 'tokenkeeper',
    steadyTolerance: 0.05,
    libraryEntry:
      "export { createTokenManager } from '@tokenkeeper/core';\nexport { bearerFetch } from '@tokenkeeper/fetch';",
  },
  {
    name: 'badgateway',
    label: '@badgateway/oauth2-client {version} OAuth2Fetch',
    package: '@badgateway/oauth2-client',
    client: 'fetch',
    role: 'peer',
    libraryEntry: "export { OAuth2Client, OAuth2Fetch } from '@badgateway/oauth2-client';",
  },
  { name: 'bare-ky', label: 'ky {version} (floor)', package: 'ky', client: 'ky', role: 'floor' },
  {
    name: 'tk-ky',
    label: '@tokenkeeper/ky',
    client: 'ky',
    role: 'tokenkeeper',
    steadyTolerance: 0.05,
    libraryEntry:
      "export { createTokenManager } from '@tokenkeeper/core';\nexport { bearerHooks } from '@tokenkeeper/ky';",
  },
  {
    name: 'bare-got',
    label: 'got {version} (floor)',
    package: 'got',
    client: 'got',
    role: 'floor',
  },
  {
    name: 'tk-got',
    label: '@tokenkeeper/got',
    client: 'got',
    role: 'tokenkeeper',
    steadyTolerance: 0.05,
    libraryEntry:
      "export { createTokenManager } from '@tokenkeeper/core';\nexport { bearerHooks } from '@tokenkeeper/got';",
  },
];

/** Extra size rows that are not contestants of their own. */
export const extraSizeEntries = [
  {
    name: 'badgateway-fetch-only',
    label: '@badgateway/oauth2-client {version} OAuth2Fetch alone',
    package: '@badgateway/oauth2-client',
    entry: "export { OAuth2Fetch } from '@badgateway/oauth2-client';",
  },
  {
    name: 'tk-core',
    label: '@tokenkeeper/core createTokenManager alone',
    entry: "export { createTokenManager } from '@tokenkeeper/core';",
  },
];

export interface ScenarioDef {
  name: string;
  title: string;
  /**
   * `child`: one fresh process per contestant and repeat; `group`: one fresh process per
   * contestant and repeat, holding it and the floor of its client kind (measured interleaved,
   * in the same process); `size`: esbuild, in the runner.
   */
  kind: 'child' | 'group' | 'size';
  /** Floors hold a static token and never refresh: they take part only where overhead is measured. */
  withFloors: boolean;
  /** Only contestants of these roles take part (default: every role, floors as `withFloors` says). */
  roles?: Role[];
  /** With `--fast`, `--quick` or `--smoke`, run the contestants of one repeat side by side (light scenarios only: accounting is per client id). */
  parallel?: boolean;
  params: Record<string, number>;
  /** `--quick`: short enough to iterate on (default: `params`). */
  quickParams?: Record<string, number>;
  smokeParams: Record<string, number>;
}

/** Token-endpoint outage with every token revoked at its start (see `scenarios/recovery.ts`). */
const recoveryParams = (outageMs: number) => ({
  outageMs,
  requests: 200,
  tailCapMs: 20_000,
  settleTimeoutMs: 45_000,
  warmup: 100,
  childTimeoutMs: outageMs + 90_000,
});

export const scenarios: ScenarioDef[] = [
  {
    name: 'steady-seq',
    title: 'Steady state, sequential',
    kind: 'child',
    withFloors: true,
    params: { requests: 2_000, warmup: 500, concurrency: 1, maxMs: 8_000 },
    smokeParams: { requests: 60, warmup: 20, concurrency: 1, maxMs: 5_000 },
  },
  {
    name: 'steady-c64',
    title: 'Steady state, concurrency 64',
    kind: 'child',
    withFloors: true,
    params: { requests: 6_000, warmup: 1_000, concurrency: 64, maxMs: 8_000 },
    smokeParams: { requests: 200, warmup: 40, concurrency: 64, maxMs: 5_000 },
  },
  {
    name: 'overhead',
    title: 'Middleware CPU per request, network stubbed',
    kind: 'group',
    withFloors: true,
    // Per process: `warmup` requests per contestant, then `rounds` rounds of `requests` requests
    // per contestant, one request of each in turn (see `scenarios/overhead.ts`).
    params: { warmup: 30_000, rounds: 30, requests: 2_000 },
    quickParams: { warmup: 20_000, rounds: 15, requests: 2_000 },
    smokeParams: { warmup: 300, rounds: 3, requests: 50 },
  },
  {
    name: 'stampede',
    title: 'Cold stampede',
    kind: 'child',
    withFloors: false,
    params: { concurrency: 1_000, warmup: 100 },
    smokeParams: { concurrency: 50, warmup: 10 },
  },
  {
    name: 'storm',
    title: '401 storm',
    kind: 'child',
    withFloors: false,
    params: { concurrency: 1_000, warmup: 100 },
    smokeParams: { concurrency: 50, warmup: 10 },
  },
  {
    name: 'expiry',
    title: 'Expiry crossing',
    kind: 'child',
    withFloors: false,
    parallel: true,
    params: { ttlSeconds: 2, rate: 50, durationMs: 10_000, warmup: 50 },
    smokeParams: { ttlSeconds: 2, rate: 20, durationMs: 2_500, warmup: 10 },
  },
  {
    name: 'outage',
    title: 'Token endpoint outage',
    kind: 'child',
    withFloors: false,
    params: { ttlSeconds: 4, workers: 200, pauseMs: 200, outageMs: 3_000, beforeExpiryMs: 1_000 },
    smokeParams: {
      ttlSeconds: 3,
      workers: 10,
      pauseMs: 200,
      outageMs: 1_000,
      beforeExpiryMs: 500,
    },
  },
  {
    name: 'recovery-3s',
    title: 'Recovery from a 3 s outage with every token revoked',
    kind: 'child',
    withFloors: false,
    roles: ['tokenkeeper'],
    parallel: true,
    params: recoveryParams(3_000),
    smokeParams: { ...recoveryParams(1_000), requests: 20, tailCapMs: 8_000 },
  },
  {
    name: 'recovery-10s',
    title: 'Recovery from a 10 s outage with every token revoked',
    kind: 'child',
    withFloors: false,
    roles: ['tokenkeeper'],
    parallel: true,
    params: recoveryParams(10_000),
    smokeParams: { ...recoveryParams(1_000), requests: 20, tailCapMs: 8_000 },
  },
  {
    name: 'memory',
    title: 'Memory per idle client',
    kind: 'child',
    withFloors: true,
    params: { count: 1_000, warmup: 50 },
    smokeParams: { count: 20, warmup: 10 },
  },
  {
    name: 'size',
    title: 'Bundle size',
    kind: 'size',
    withFloors: true,
    params: {},
    smokeParams: {},
  },
];

/** What `--smoke` runs unless told otherwise: a few scenarios and contestants, tiny N. */
export const smokeDefaults = {
  scenarios: ['steady-seq', 'overhead', 'stampede', 'storm', 'recovery-3s'],
  contestants: ['bare-fetch', 'tk-fetch', 'bare-axios', 'tk-axios'],
};

/** What `--quick` runs unless told otherwise: the overhead and recovery scenarios, floors and tokenkeeper. */
export const quickDefaults = {
  scenarios: ['overhead', 'recovery-3s', 'recovery-10s'],
  contestants: contestants.filter((c) => c.role !== 'peer').map((c) => c.name),
};
