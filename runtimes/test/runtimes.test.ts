// The runtime matrix: @tokenkeeper/core, /fetch and /ky as built (dist), installed into a
// temp app with their dependencies, run one scenario in Node 22, Node 24, Deno, Bun,
// headless Chromium (import map, and bundled) and workerd, with default options only.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, prepareApp } from '../harness/app.ts';
import { startMatrixServers } from '../harness/oauth-server.ts';
import {
  executable,
  type RunResult,
  runChromium,
  runProcess,
  runWorkerd,
} from '../harness/runners.ts';
import type { ScenarioConfig } from '../scenario/scenario.ts';

const client = { id: 'matrix-app', secret: 'matrix-app-secret' };
const shortClient = { id: 'matrix-short', secret: 'matrix-short-secret' };
// The scenario takes about 5 s (step 4 runs for 4 s); startup of a runtime is on top.
const perRuntimeMs = 60_000;

let app: App;

beforeAll(async () => {
  app = await prepareApp();
}, 180_000);

afterAll(async () => {
  await app?.cleanup();
});

/**
 * Starts fresh servers, runs the scenario in one runtime, prints its summary line, and
 * fails with everything the runtime printed unless every step passed.
 */
async function matrixRow<Result extends RunResult>(
  runtime: string,
  run: (config: ScenarioConfig) => Promise<Result>,
): Promise<Result> {
  const servers = await startMatrixServers({
    [client.id]: { secret: client.secret, ttlSeconds: 3600 },
    [shortClient.id]: { secret: shortClient.secret, ttlSeconds: 3 },
  });
  try {
    const result = await run({ runtime, idp: servers.idp, api: servers.api, client, shortClient });
    const { report, problems, output } = result;
    if (report) console.log(`${report.summary} [${report.userAgent}]`);
    const failed = report?.steps.filter((step) => !step.ok) ?? [];
    const diagnosis = [
      ...problems,
      ...failed.map((step) => `step ${step.step} (${step.name}): ${step.detail}`),
      output && `output:\n${output}`,
      app.staleDists.length > 0 &&
        `note: the dist of ${app.staleDists.join(', ')} is older than its src: run pnpm build`,
    ]
      .filter(Boolean)
      .join('\n');
    expect(report?.ok && report.steps.length === 7 && problems.length === 0, diagnosis).toBe(true);
    // The servers' own counts agree: three managers revoked their token once each on dispose.
    const stats = servers.stats();
    expect(stats.revocations).toBe(3);
    return result;
  } finally {
    await servers.close();
  }
}

describe.sequential('runtime matrix (core, fetch and ky from dist, default globalThis.fetch)', () => {
  it('passes every step in Node 22', { timeout: perRuntimeMs }, async () => {
    await matrixRow('node22', (config) =>
      runProcess(app, executable('node22'), ['cli.js'], config),
    );
  });

  it('passes every step in Node 24', { timeout: perRuntimeMs }, async () => {
    await matrixRow('node24', (config) =>
      runProcess(app, executable('node24'), ['cli.js'], config),
    );
  });

  it('passes every step in Deno, without npm (from the app folder node_modules)', {
    timeout: perRuntimeMs,
  }, async () => {
    await matrixRow('deno', (config) =>
      runProcess(
        app,
        executable('deno'),
        ['run', '-A', '--node-modules-dir=manual', '--cached-only', '--no-lock', 'cli.js'],
        config,
        { env: { DENO_DIR: `${app.dir}/.deno`, DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' } },
      ),
    );
  });

  it('passes every step in Bun', { timeout: perRuntimeMs }, async () => {
    await matrixRow('bun', (config) =>
      runProcess(app, executable('bun'), ['--no-install', 'cli.js'], config, {
        env: { DO_NOT_TRACK: '1' },
      }),
    );
  });

  describe('in headless Chromium', () => {
    beforeAll(() => {
      // A no-op when /usr/bin/chromium exists (`pnpm test:ci` runs it before vitest).
      execFileSync(
        'bash',
        [fileURLToPath(new URL('../../scripts/ensure-chromium.sh', import.meta.url))],
        {
          stdio: ['ignore', 'ignore', 'inherit'],
          timeout: 900_000,
        },
      );
    }, 900_000);

    it('passes every step with the packages loaded unbundled through an import map', {
      timeout: perRuntimeMs,
    }, async () => {
      const { served, missing } = await matrixRow('chromium-importmap', (config) =>
        runChromium(app, app.importMapPage, config),
      );
      // The browser itself loaded the published files from node_modules, the modules core
      // imports lazily (discovery, retry loop, session end) and p-retry with them included.
      for (const file of [
        '@tokenkeeper/core/dist/index.js',
        '@tokenkeeper/core/dist/discovery.js',
        '@tokenkeeper/core/dist/retry-loop.js',
        '@tokenkeeper/core/dist/session-end.js',
        '@tokenkeeper/fetch/dist/index.js',
        '@tokenkeeper/ky/dist/index.js',
        'ky/distribution/index.js',
        'p-retry/index.js',
        'is-network-error/index.js',
      ]) {
        expect(served).toContain(`/node_modules/${file}`);
      }
      // jose is loaded only where core signs (client assertions, DPoP): none of these steps does.
      expect(served.filter((path) => path.includes('/jose/'))).toEqual([]);
      expect(missing.filter((path) => path.endsWith('.js'))).toEqual([]);
    });

    it('passes every step with the packages bundled by esbuild', {
      timeout: perRuntimeMs,
    }, async () => {
      const { served } = await matrixRow('chromium-bundle', (config) =>
        runChromium(app, app.bundlePage, config),
      );
      // One file: everything, the lazily imported modules too, is in the bundle.
      expect(served.filter((path) => path.endsWith('.js'))).toEqual(['/browser-bundle.js']);
    });
  });

  it('passes every step in workerd (miniflare, bundled as wrangler does, no nodejs_compat)', {
    timeout: perRuntimeMs,
  }, async () => {
    await matrixRow('workerd', (config) => runWorkerd(app, config));
  });
});
