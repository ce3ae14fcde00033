/** Which HTTP client a contestant drives; its floor is the bare client of the same kind. */
export type ClientKind = 'axios' | 'fetch' | 'ky' | 'got';

/** One contestant: a module in `src/contestants/<name>.ts` whose default export is a `Setup`. */
export interface ContestantDef {
  name: string;
  label: string;
  client: ClientKind;
  role: 'floor' | 'tokenkeeper' | 'peer';
  /** Steady-state target: req/s within this fraction of the floor (tokenkeeper only). */
  steadyTolerance?: number;
  /** What a user imports of the library, bundled for the size table (`undefined`: nothing). */
  libraryEntry?: string;
}

export const contestants: ContestantDef[] = [
  { name: 'bare-axios', label: 'axios (floor)', client: 'axios', role: 'floor' },
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
    label: 'axios-auth-refresh 3',
    client: 'axios',
    role: 'peer',
    libraryEntry: "export { default } from 'axios-auth-refresh';",
  },
  {
    name: 'aar-pause',
    label: 'axios-auth-refresh 3 (pauseInstanceWhileRefreshing)',
    client: 'axios',
    role: 'peer',
    libraryEntry: "export { default } from 'axios-auth-refresh';",
  },
  {
    name: 'aar5',
    label: 'axios-auth-refresh 5 (defaults)',
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
    label: '@badgateway/oauth2-client OAuth2Fetch',
    client: 'fetch',
    role: 'peer',
    libraryEntry: "export { OAuth2Client, OAuth2Fetch } from '@badgateway/oauth2-client';",
  },
  { name: 'bare-ky', label: 'ky (floor)', client: 'ky', role: 'floor' },
  {
    name: 'tk-ky',
    label: '@tokenkeeper/ky',
    client: 'ky',
    role: 'tokenkeeper',
    steadyTolerance: 0.05,
    libraryEntry:
      "export { createTokenManager } from '@tokenkeeper/core';\nexport { bearerHooks } from '@tokenkeeper/ky';",
  },
  { name: 'bare-got', label: 'got (floor)', client: 'got', role: 'floor' },
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
    label: '@badgateway/oauth2-client OAuth2Fetch alone',
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
  /** `child`: one fresh process per contestant and repeat; `size`: esbuild, in the runner. */
  kind: 'child' | 'size';
  /** Floors hold a static token and never refresh: they take part only where overhead is measured. */
  withFloors: boolean;
  /** Clients that cannot take part (no stubbable transport). */
  skipClients?: ClientKind[];
  /** With `--fast`, run the contestants of one repeat side by side (light scenarios only: accounting is per client id). */
  parallel?: boolean;
  params: Record<string, number>;
  smokeParams: Record<string, number>;
}

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
    kind: 'child',
    withFloors: true,
    skipClients: ['got'],
    params: { requests: 20_000, warmup: 5_000 },
    smokeParams: { requests: 500, warmup: 200 },
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

/** What `--smoke` runs unless told otherwise: a couple of scenarios and contestants, tiny N. */
export const smokeDefaults = {
  scenarios: ['steady-seq', 'stampede', 'storm'],
  contestants: ['bare-fetch', 'tk-fetch', 'bare-axios', 'tk-axios'],
};
