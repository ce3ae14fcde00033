import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { contestants, extraSizeEntries } from './config.ts';

/** Where and with what a run happened. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  loadAverageAtStart: number[];
  commit: string;
  versions: Record<string, string>;
}

// Read from bench's own node_modules: not every package exports its package.json.
function versionOf(name: string, from = '..'): string {
  try {
    const path = new URL(`${from}/node_modules/${name}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

const core = '../../packages/core';

/** The runtime dependencies of @tokenkeeper/core, from its package.json. */
function coreDependencies(): string[] {
  try {
    const path = new URL(`${core}/package.json`, import.meta.url);
    const json = JSON.parse(readFileSync(path, 'utf8')) as { dependencies?: object };
    return Object.keys(json.dependencies ?? {});
  } catch {
    return [];
  }
}

function commit(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const head = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain');
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return 'unknown';
  }
}

export function machineInfo(): MachineInfo {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverageAtStart: os.loadavg().map((value) => Math.round(value * 100) / 100),
    commit: commit(),
    versions: Object.fromEntries(
      [...contestants, ...extraSizeEntries]
        .flatMap((c) => (c.package ? [c.package] : []))
        .concat(['jose', 'esbuild'])
        .filter((name, i, all) => all.indexOf(name) === i)
        .map((name) => [name, versionOf(name)])
        .concat(coreDependencies().map((name) => [`${name} (core)`, versionOf(name, core)])),
    ),
  };
}
