// One runner per kind of runtime. Each starts the scenario with a config, waits (bounded)
// for its report, and hands back the report together with what it printed, for diagnosis.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Readable } from 'node:stream';
import { Miniflare } from 'miniflare';
import { chromium } from 'playwright-core';
// The file itself, not the package: runtimes/ has no package.json to depend on test-utils.
import { CHROMIUM_ARGS } from '../../packages/test-utils/src/chromium-args.ts';
import type { ScenarioConfig, ScenarioReport } from '../scenario/scenario.ts';
import { type App, repoRoot } from './app.ts';

/** What a runner brings back: the report when the scenario got that far, and its output. */
export interface RunResult {
  report?: ScenarioReport;
  /** Why there is no report, or what else went wrong (e.g. a process that did not exit). */
  problems: string[];
  output: string;
}

const executables = {
  node22: ['node22', 'bin/node'],
  node24: ['node', 'bin/node'],
  deno: ['deno', 'deno'],
  bun: ['bun', 'bin/bun.exe'],
} as const;

/**
 * The executable of a runtime installed as a root devDependency, itself rather than the
 * node_modules/.bin shim (the shims put pnpm's store on NODE_PATH).
 */
export function executable(runtime: keyof typeof executables): string {
  const [pkg, file] = executables[runtime];
  const dir = join(repoRoot, 'node_modules', pkg);
  if (!existsSync(dir)) throw new Error(`the root devDependency ${pkg} is not installed`);
  const path = join(realpathSync(dir), file);
  if (!existsSync(path)) throw new Error(`${pkg} has no ${file}: did its install script run?`);
  return path;
}

/**
 * Runs `command args… <config json>` in the app folder with a clean environment, reads the
 * `RESULT` line, and expects the process to exit 0 by itself within `exitGraceMs` after it
 * (nothing the packages left behind may keep it alive). Killed after `timeoutMs`.
 */
export function runProcess(
  app: App,
  command: string,
  args: string[],
  config: ScenarioConfig,
  { timeoutMs = 45_000, exitGraceMs = 5_000, env = {} as Record<string, string> } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const problems: string[] = [];
    let output = '';
    let report: ScenarioReport | undefined;
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    const child = spawn(command, [...args, JSON.stringify(config)], {
      cwd: app.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      // No NODE_OPTIONS, NODE_PATH or pnpm variables from the test process: a bare runtime.
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: app.dir,
        TMPDIR: process.env.TMPDIR ?? '/tmp',
        NO_COLOR: '1',
        ...env,
      },
    });
    const killTimer = setTimeout(() => {
      problems.push(`timed out after ${timeoutMs} ms`);
      child.kill('SIGKILL');
    }, timeoutMs);
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('RESULT ')) {
          report = JSON.parse(line.slice('RESULT '.length)) as ScenarioReport;
          graceTimer = setTimeout(() => {
            problems.push(`did not exit within ${exitGraceMs} ms after the scenario ended`);
            child.kill('SIGKILL');
          }, exitGraceMs);
        } else {
          output += `${line}\n`;
        }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.on('error', (error) => problems.push(`could not start: ${error.message}`));
    child.on('close', (code, signal) => {
      clearTimeout(killTimer);
      clearTimeout(graceTimer);
      if (!report) problems.push('no report');
      if (code !== 0 && signal !== 'SIGKILL') problems.push(`exited with ${code ?? signal}`);
      resolve({ report, problems, output });
    });
  });
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
};

/**
 * Serves the app folder on 127.0.0.1 (the page's origin differs from the servers' origins,
 * so every call is a CORS call) and loads `page` in headless Chromium from Debian
 * (`/usr/bin/chromium`, never a downloaded browser). `served` lists the paths requested,
 * `missing` those answered 404.
 */
export async function runChromium(
  app: App,
  page: string,
  config: ScenarioConfig,
  { timeoutMs = 45_000 } = {},
): Promise<RunResult & { served: string[]; missing: string[] }> {
  const served: string[] = [];
  const missing: string[] = [];
  const problems: string[] = [];
  let output = '';
  const files = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    served.push(path);
    const file = join(app.dir, path);
    if (!file.startsWith(app.dir) || !existsSync(file) || !extname(file)) {
      missing.push(path);
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
    });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS],
    timeout: 30_000,
  });
  let report: ScenarioReport | undefined;
  try {
    const tab = await browser.newPage();
    tab.on('console', (message) => {
      output += `${message.text()}\n`;
    });
    tab.on('pageerror', (error) => {
      problems.push(`page error: ${error.message}`);
    });
    await tab.goto(`${origin}/${page}?config=${encodeURIComponent(JSON.stringify(config))}`);
    await tab.waitForFunction(() => 'matrixReport' in globalThis, undefined, {
      timeout: timeoutMs,
      polling: 100,
    });
    const result = (await tab.evaluate(
      () => (globalThis as { matrixReport?: unknown }).matrixReport,
    )) as ScenarioReport | { error: string };
    if ('error' in result) problems.push(`the scenario threw: ${result.error}`);
    else report = result;
  } catch (error) {
    problems.push(`no report: ${(error as Error).message}`);
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => {
      files.close(() => resolve());
      files.closeAllConnections();
    });
  }
  return { report, problems, output, served, missing };
}

/**
 * Runs the worker bundle in workerd through miniflare (module worker, no compatibility
 * flags: no `nodejs_compat`) and asks it once for the report; its `CONFIG` binding holds the
 * config. The worker reaches the loopback servers over workerd's own network stack.
 */
export async function runWorkerd(
  app: App,
  config: ScenarioConfig,
  { timeoutMs = 45_000 } = {},
): Promise<RunResult> {
  const problems: string[] = [];
  let report: ScenarioReport | undefined;
  let output = '';
  const miniflare = new Miniflare({
    modules: true,
    scriptPath: app.workerScript,
    // Module paths are taken relative to this; the default (the cwd) is outside the temp app.
    modulesRoot: app.dir,
    compatibilityDate: '2025-09-01',
    compatibilityFlags: [],
    bindings: { CONFIG: JSON.stringify(config) },
    // The worker's console goes into the diagnosis of a failure, not onto the test output.
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      for (const stream of [stdout, stderr]) {
        stream.setEncoding('utf8').on('data', (chunk: string) => {
          output += chunk;
        });
      }
    },
  });
  try {
    const response = await miniflare.dispatchFetch('http://matrix.local/run', {
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (response.ok) report = JSON.parse(text) as ScenarioReport;
    else problems.push(`the worker answered ${response.status}: ${text.slice(0, 2000)}`);
  } catch (error) {
    problems.push(`no report: ${(error as Error).message}`);
  } finally {
    await miniflare.dispose();
  }
  return { report, problems, output };
}
