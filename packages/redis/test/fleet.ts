// Starts and drives a fleet of worker processes (fleet-worker.ts) from a test or the benchmark.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerMessage, WorkerRequest } from './fleet-protocol.ts';

type Request = WorkerRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never;

/** One worker process. */
export interface FleetWorker {
  readonly index: number;
  readonly process: ChildProcess;
  /** Sends one request and resolves with the worker's reply. */
  call<T = unknown>(request: Request): Promise<T>;
  /** Times (epoch ms) at which this worker took the Redis lock. */
  readonly locks: number[];
}

/** A fleet of worker processes. */
export interface Fleet {
  readonly workers: FleetWorker[];
  /** Sends `request` to every live worker at once. */
  all<T = unknown>(request: Request, workers?: FleetWorker[]): Promise<T[]>;
  /** Called whenever a worker takes the lock. */
  onLock(listener: (worker: FleetWorker) => void): void;
  /** Ends every worker (closing the IPC channel makes them exit). */
  close(): Promise<void>;
}

const workerPath = fileURLToPath(new URL('./fleet-worker.ts', import.meta.url));

/**
 * Forks `size` workers running TypeScript directly (Node 24 type stripping, workspace
 * packages resolved to their sources) and waits until each is ready.
 *
 * @example
 * const fleet = await startFleet(8);
 * await fleet.all({ op: 'setup', setup });
 */
export async function startFleet(size: number): Promise<Fleet> {
  const lockListeners: Array<(worker: FleetWorker) => void> = [];
  const workers = await Promise.all(
    Array.from({ length: size }, (_, index) => startWorker(index, lockListeners)),
  );
  return {
    workers,
    all: <T>(request: Request, only = workers) =>
      Promise.all(only.filter((w) => w.process.connected).map((worker) => worker.call<T>(request))),
    onLock: (listener) => {
      lockListeners.push(listener);
    },
    close: async () => {
      await Promise.all(
        workers.map(async ({ process: child }) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = new Promise((resolve) => child.once('exit', resolve));
          if (child.connected) child.disconnect();
          const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
          await exited;
          clearTimeout(timer);
        }),
      );
    },
  };
}

function startWorker(
  index: number,
  lockListeners: Array<(worker: FleetWorker) => void>,
): Promise<FleetWorker> {
  const child = fork(workerPath, [], {
    execPath: process.execPath,
    execArgv: ['--conditions=@tokenkeeper/source', '--disable-warning=ExperimentalWarning'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 0;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const worker: FleetWorker = {
    index,
    process: child,
    locks: [],
    call: <T>(request: Request) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ ...request, id });
      }),
  };
  return new Promise((resolve, reject) => {
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') resolve(worker);
      else if (message.type === 'locked') {
        worker.locks.push(message.at);
        for (const listener of lockListeners) listener(worker);
      } else {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) waiter?.reject(new Error(`worker ${index}: ${message.error}`));
        else waiter?.resolve(message.result);
      }
    });
    child.once('exit', (code, signal) => {
      const error = new Error(`worker ${index} exited (${code ?? signal})`);
      reject(error);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
  });
}
