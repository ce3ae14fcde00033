import { InvalidOptionsError } from '@tokenkeeper/core';
import { RedisStoreError } from './errors.ts';
import { unrefTimeout } from './timers.ts';

/**
 * What the store uses of a node-redis v5 client (`createClient()` from `redis`):
 * `sendCommand` with its per-command `timeout`, and `isReady` to fail fast while
 * the client reconnects.
 */
export interface NodeRedisClientLike {
  sendCommand(args: ReadonlyArray<string>, options?: { timeout?: number }): Promise<unknown>;
  readonly isReady?: boolean;
}

/** What the store uses of an ioredis 5 client (`new Redis()`): `call` and `status`. */
export interface IORedisClientLike {
  call(command: string, ...args: string[]): Promise<unknown>;
  readonly status?: string;
}

/**
 * Sends one command (`['SET', key, value, 'PX', '1000', 'NX']`) and resolves with
 * Redis's reply (`'OK'`, `null`, a string, a number). The escape hatch for any
 * other client, such as a node-redis cluster:
 * `(args) => cluster.sendCommand(args[1], false, args)`.
 */
export type RedisCommandFunction = (
  args: readonly string[],
  options: { timeoutMs: number },
) => Promise<unknown>;

/** A node-redis v5 client, an ioredis 5 client, or a {@link RedisCommandFunction}. */
export type RedisClientLike = NodeRedisClientLike | IORedisClientLike | RedisCommandFunction;

/** Runs one command within the store's time limit; rejects with {@link RedisStoreError}. */
export type RunCommand = (args: readonly string[]) => Promise<unknown>;

// ioredis states in which a command would only wait in the offline queue (or fail).
const IOREDIS_DOWN = new Set(['reconnecting', 'close', 'end']);

/**
 * Adapts `client` to one bounded command runner. Every command settles within
 * `timeoutMs`: node-redis gets the limit as its own per-command `timeout` (which
 * also drops a command still waiting in its offline queue, so it cannot run
 * later), and a timer bounds every client, ioredis and custom functions included.
 *
 * @example
 * const run = commandRunner(createClient(), 500);
 * await run(['GET', 'tokenkeeper:{…}:token']);
 */
export function commandRunner(client: RedisClientLike, timeoutMs: number): RunCommand {
  const send = pickSender(client, timeoutMs);
  return (args) => {
    const name = args[0] ?? '';
    let sent: Promise<unknown>;
    try {
      sent = send(args);
    } catch (error) {
      return Promise.reject(asStoreError(error, name));
    }
    return new Promise((resolve, reject) => {
      const cancel = unrefTimeout(() => {
        // After the event loop was blocked, Node runs due timers before reading sockets: give
        // a reply that already arrived one I/O turn to settle first (setImmediate runs after
        // the poll phase, https://nodejs.org/en/learn/asynchronous-work/event-loop-timers-and-nexttick).
        afterIo(() =>
          reject(new RedisStoreError('timeout', `Redis ${name} took over ${timeoutMs} ms`)),
        );
      }, timeoutMs);
      sent.then(
        (reply) => {
          cancel();
          resolve(reply);
        },
        (error: unknown) => {
          cancel();
          reject(asStoreError(error, name));
        },
      );
    });
  };
}

// setImmediate is in Node, Bun and Deno (every runtime a Redis client runs in), not in the DOM lib.
const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
const afterIo = (callback: () => void): void => {
  if (immediate) immediate(callback);
  else setTimeout(callback, 0);
};

function pickSender(client: RedisClientLike, timeoutMs: number): RunCommand {
  if (typeof client === 'function') return (args) => client(args, { timeoutMs });
  // ioredis also has a `sendCommand`, taking its own Command objects: test for `call` first.
  if (typeof (client as IORedisClientLike).call === 'function') {
    const io = client as IORedisClientLike;
    return (args) => {
      if (io.status !== undefined && IOREDIS_DOWN.has(io.status)) throw notConnected(args[0]);
      const [command = '', ...rest] = args;
      return io.call(command, ...rest);
    };
  }
  if (typeof (client as NodeRedisClientLike).sendCommand === 'function') {
    const node = client as NodeRedisClientLike;
    return (args) => {
      // A reconnecting node-redis client would queue the command (unless disableOfflineQueue).
      if (node.isReady === false) throw notConnected(args[0]);
      return node.sendCommand(args, { timeout: timeoutMs });
    };
  }
  throw new InvalidOptionsError(
    'client',
    'expected a node-redis v5 client, an ioredis client, or a command function',
  );
}

function notConnected(command: string | undefined): RedisStoreError {
  return new RedisStoreError('not_connected', `Redis ${command ?? ''} not sent: not connected`);
}

function asStoreError(error: unknown, command: string): RedisStoreError {
  if (error instanceof RedisStoreError) return error;
  // The client's own message may quote arguments (a token set): keep only its name.
  const kind = error instanceof Error ? error.name : 'error';
  const reason = /timeout/i.test(kind)
    ? 'timeout'
    : /reply/i.test(kind)
      ? 'unexpected_reply'
      : 'not_connected';
  return new RedisStoreError(reason, `Redis ${command} failed (${kind})`);
}
