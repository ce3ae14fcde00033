import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

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

function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim();
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
      [
        'axios',
        'ky',
        'got',
        'axios-auth-refresh',
        'axios-auth-refresh-v5',
        '@badgateway/oauth2-client',
        'jose',
        'esbuild',
      ]
        .map((name) => [name, versionOf(name)])
        .concat([['p-retry (core)', versionOf('p-retry', '../../packages/core')]]),
    ),
  };
}
