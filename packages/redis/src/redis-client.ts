import { InvalidOptionsError } from '@tokenkeeper/core';
import { RedisStoreError } from './errors.ts';
import { unrefTimeout } from './timers.ts';

/**
 * What the store uses of a node-redis v5 client (`createClient()` from `redis`):
 * `sendCommand` with its per-command `timeout`, and `isReady` to fail fast while
 * the client connects or reconnects.
 */
export interface NodeRedisClientLike {
  sendCommand(args: ReadonlyArray<string>, options?: { timeout?: number }): Promise<unknown>;
  readonly isReady?: boolean;
}

/**
 * What the store uses of a node-redis v5 cluster client (`createCluster()` from `redis`):
 * `sendCommand(firstKey, isReadonly, args, options)`, `isOpen`, and `getSlotMaster`
 * (by which the store tells it from a single-node client).
 */
export interface NodeRedisClusterLike {
  sendCommand(
    firstKey: string | undefined,
    isReadonly: boolean | undefined,
    args: string[],
    options?: { timeout?: number },
  ): Promise<unknown>;
  getSlotMaster(slot: number): unknown;
  readonly isOpen?: boolean;
}

/** What the store uses of an ioredis 5 client or cluster (`new Redis()`, `new Cluster()`): `call` and `status`. */
export interface IORedisClientLike {
  call(command: string, ...args: string[]): Promise<unknown>;
  readonly status?: string;
}

/**
 * Sends one command (`['SET', key, value, 'PX', '1000', 'NX']`) and resolves with
 * Redis's reply (`'OK'`, `null`, a string, a number). The escape hatch for any
 * other client.
 */
export type RedisCommandFunction = (
  args: readonly string[],
  options: { timeoutMs: number },
) => Promise<unknown>;

/**
 * A node-redis v5 client or cluster, an ioredis 5 client or cluster, or a
 * {@link RedisCommandFunction}.
 */
export type RedisClientLike =
  | NodeRedisClientLike
  | NodeRedisClusterLike
  | IORedisClientLike
  | RedisCommandFunction;

/** Runs one command within the store's time limit; rejects with {@link RedisStoreError}. */
export type RunCommand = (args: readonly string[]) => Promise<unknown>;

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
      // Anything but 'ready' (wait, connecting, reconnecting, close, end) would queue or fail.
      if (io.status !== undefined && io.status !== 'ready') throw notConnected(args[0]);
      const [command = '', ...rest] = args;
      return io.call(command, ...rest);
    };
  }
  if (typeof (client as NodeRedisClusterLike).getSlotMaster === 'function') {
    return clusterSender(client as NodeRedisClusterLike, timeoutMs);
  }
  if (typeof (client as NodeRedisClientLike).sendCommand === 'function') {
    const node = client as NodeRedisClientLike;
    return (args) => {
      // Connecting or reconnecting, a node-redis client would queue the command (unless disableOfflineQueue).
      if (node.isReady === false) throw notConnected(args[0]);
      return node.sendCommand(args, { timeout: timeoutMs });
    };
  }
  throw new InvalidOptionsError(
    'client',
    'expected a node-redis v5 client or cluster, an ioredis client or cluster, or a command function',
  );
}

// A slot map re-read at most this often after connection failures.
const REDISCOVER_EVERY_MS = 1_000;

/**
 * Routes each command by its key (the store's scripts name theirs after the key count), so a
 * flight's commands go straight to the master of its slot.
 *
 * node-redis 5 re-reads the cluster's slot map only after a MOVED or ASK reply. When a master
 * dies and its replica takes over, nothing answers MOVED: the client would keep sending that
 * slot's commands to the dead address for ever. So after a command fails for want of a
 * connection, the sender asks the client to re-read the slot map (at most once a second),
 * through `_slots.rediscover`, which node-redis 5 has but does not document: without it, the
 * slot stays unavailable to the store until the cluster client is made anew.
 */
function clusterSender(cluster: NodeRedisClusterLike, timeoutMs: number): RunCommand {
  let lastRediscovery = 0;
  const rediscover = () => {
    const slots = (cluster as { _slots?: { rediscover?: (start: unknown) => Promise<void> } })
      ._slots;
    const now = Date.now();
    if (typeof slots?.rediscover !== 'function' || now - lastRediscovery < REDISCOVER_EVERY_MS) {
      return;
    }
    lastRediscovery = now;
    // It starts with the given node's address and falls back to the root nodes.
    const anyMaster = (cluster as { masters?: Array<{ client?: unknown }> }).masters?.find(
      (master) => master.client,
    )?.client;
    if (anyMaster) slots.rediscover(anyMaster).catch(() => {});
  };
  return (args) => {
    if (cluster.isOpen === false) throw notConnected(args[0]);
    return cluster
      .sendCommand(firstKey(args), false, [...args], { timeout: timeoutMs })
      .catch((error: unknown) => {
        if (!isReplyError(error)) rediscover();
        throw error;
      });
  };
}

/** The key a command is about: `EVAL script numkeys key …` names it third, other commands first. */
export function firstKey(args: readonly string[]): string | undefined {
  const command = args[0]?.toUpperCase();
  return command === 'EVAL' || command === 'EVALSHA' ? args[3] : args[1];
}

function notConnected(command: string | undefined): RedisStoreError {
  return new RedisStoreError('not_connected', `Redis ${command ?? ''} not sent: not connected`);
}

// node-redis names its reply errors by class only (`SimpleError`, `ErrorReply`); ioredis sets
// `name: 'ReplyError'`. Both keep Redis's error text (`WRONGTYPE …`) as the message.
function errorKind(error: unknown): string {
  if (!(error instanceof Error)) return 'error';
  const className = error.constructor?.name;
  return className && className !== 'Error' ? className : error.name;
}

function isReplyError(error: unknown): boolean {
  return /reply|simpleerror|blobError/i.test(errorKind(error));
}

function asStoreError(error: unknown, command: string): RedisStoreError {
  if (error instanceof RedisStoreError) return error;
  // The client's own message may quote arguments (a token set): keep only its name, and of a
  // reply error only whether Redis said WRONGTYPE (its fixed text, no argument in it).
  const kind = errorKind(error);
  if (isReplyError(error) && /\bWRONGTYPE\b/.test((error as Error).message)) {
    return new RedisStoreError('wrong_type', `Redis ${command}: key holds another type (${kind})`);
  }
  const reason = /timeout/i.test(kind)
    ? 'timeout'
    : isReplyError(error)
      ? 'unexpected_reply'
      : 'not_connected';
  return new RedisStoreError(reason, `Redis ${command} failed (${kind})`);
}
