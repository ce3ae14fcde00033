// Starts a real redis-server for the tests and the benchmark: installed by the
// project's own script when missing, on a free loopback port, nothing persisted.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createConnection, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** A redis-server child process on 127.0.0.1. */
export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops the server (SIGTERM, SIGKILL after 2 s). Idempotent. */
  stop(): Promise<void>;
  /** Starts it again on the same port (after `stop()`); data is gone, as after a crash. */
  start(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open, commands get no answer, data is kept. */
  pause(): void;
  /** Lets a paused server go on (SIGCONT); it answers what it was sent meanwhile. */
  resume(): void;
}

const ensureScript = fileURLToPath(
  new URL('../../../scripts/ensure-redis-server.sh', import.meta.url),
);
let ensured = false;

/** Runs `scripts/ensure-redis-server.sh` once per process (installs redis-server if missing). */
export function ensureRedisServer(): void {
  if (ensured) return;
  execFileSync('bash', [ensureScript], {
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 300_000,
  });
  ensured = true;
}

/** A port nobody listens on right now: the OS picks one for a throwaway listener. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts `redis-server --port <free> --bind 127.0.0.1 --save '' --appendonly no`
 * and resolves once it answers `PING` (within 10 s). `port`: listen there instead
 * (for a client that was told the address before the server existed).
 *
 * @example
 * const redis = await startRedisServer();
 * afterAll(() => redis.stop());
 */
export async function startRedisServer(options: { port?: number } = {}): Promise<RedisServer> {
  ensureRedisServer();
  const port = options.port ?? (await freePort());
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    if (child) return;
    const started = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child = started;
    let stderr = '';
    started.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    started.once('exit', () => {
      if (child === started) child = undefined;
    });
    const deadline = Date.now() + 10_000;
    while (!(await ping(port))) {
      if (Date.now() > deadline || started.exitCode !== null) {
        started.kill('SIGKILL');
        throw new Error(`redis-server did not answer PING on port ${port}: ${stderr.trim()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async function stop(): Promise<void> {
    const running = child;
    if (!running) return;
    child = undefined;
    if (running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, 'exit');
    running.kill('SIGCONT'); // a paused server would not act on SIGTERM
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(timer);
  }

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
  };
}

/** True when a server on `port` answers `+PONG` to an inline PING within 500 ms. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}
