import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type ChildSpec, RESULT_PREFIX } from './protocol.ts';
import type { GroupResult, Metrics } from './scenarios/context.ts';

const childPath = fileURLToPath(new URL('./child.ts', import.meta.url));

/** What one child reported: one contestant's metrics, a group's results, or an error. */
export interface ChildOutcome {
  metrics?: Metrics;
  group?: GroupResult;
  /** The first failed request's status or error, when the run counted failures. */
  firstFailure?: string;
  error?: string;
}

/** Runs one scenario x contestant (or group) in a fresh Node process and parses its result line. */
export function runChild(spec: ChildSpec, timeoutMs: number): Promise<ChildOutcome> {
  const flags = ['--conditions=@tokenkeeper/source', '--expose-gc'];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...flags, childPath, JSON.stringify(spec)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4_000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((text) => text.startsWith(RESULT_PREFIX));
      if (line) {
        resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as ChildOutcome);
        return;
      }
      const why = signal ? `killed by ${signal}` : `exited with ${code}`;
      resolve({
        error: `child ${why} without a result: ${stderr.trim().split('\n').slice(-3).join(' | ')}`,
      });
    });
  });
}
