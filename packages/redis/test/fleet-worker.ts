// One process of a test fleet: a token manager (optionally on the Redis store) that sends
// requests to the resource server when the parent says so. Runs as TypeScript directly:
//   node --conditions=@tokenkeeper/source fleet-worker.ts   (forked with an IPC channel)
import {
  createTokenManager,
  type TokenManager,
  type TokenManagerOptions,
  type TokenStore,
} from '@tokenkeeper/core';
import { createClient, createCluster } from 'redis';
import { createRedisStore, type RedisClientLike } from '../src/index.ts';
import type { LoadResult, WorkerMessage, WorkerRequest, WorkerSetup } from './fleet-protocol.ts';

const send = (message: WorkerMessage) => process.send?.(message);
let tokens: TokenManager | undefined;
let redis: { address: string; client: RedisClientLike; close(): void } | undefined;
let events: Record<string, number> = {};

const socket = {
  connectTimeout: 500,
  reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 500),
};

/** The Redis client for `address` (one server's URL, or a cluster's root nodes), made once. */
async function clientFor(setup: WorkerSetup): Promise<RedisClientLike> {
  const address = setup.clusterUrls ? setup.clusterUrls.join(',') : setup.redisUrl!;
  if (redis?.address === address) return redis.client;
  redis?.close();
  if (setup.clusterUrls) {
    const cluster = createCluster({
      rootNodes: setup.clusterUrls.map((url) => ({ url })),
      defaults: { disableOfflineQueue: true, socket },
    });
    cluster.on('error', () => {}); // node errors while a master is down; the store reports them
    redis = { address, client: cluster, close: () => cluster.destroy() };
    const connecting = cluster.connect();
    if (setup.connectInBackground) connecting.catch(() => {});
    else await connecting;
    return cluster;
  }
  const client = createClient({ url: setup.redisUrl, disableOfflineQueue: true, socket });
  client.on('error', () => {}); // reconnects on its own; the store reports the outage as events
  redis = { address, client, close: () => client.destroy() };
  // The README's way when in background: start-up never waits for Redis.
  const connecting = client.connect();
  if (setup.connectInBackground) connecting.catch(() => {});
  else await connecting;
  return client;
}

async function setup(config: WorkerSetup): Promise<string> {
  const { redisUrl, clusterUrls, prefix, lockLeaseMs, manager } = config;
  let store: TokenStore | undefined;
  events = {};
  if (redisUrl || clusterUrls) {
    const client = await clientFor(config);
    const shared = createRedisStore({ client, prefix, lockLeaseMs });
    // Tell the parent who holds the lock, so a test can kill exactly that process.
    store = {
      ...shared,
      lock: async (key, options) => {
        const release = await shared.lock(key, options);
        if (release) send({ type: 'locked', at: Date.now() });
        return release;
      },
    };
  }
  const options: TokenManagerOptions = {
    tokenEndpoint: manager.tokenEndpoint,
    clientId: manager.clientId,
    clientSecret: manager.clientSecret,
    audience: manager.audience,
    requestStyle: manager.requestStyle ?? 'form',
    grant:
      manager.username && manager.password
        ? { type: 'password', username: manager.username, password: manager.password }
        : { type: 'client_credentials' },
    logout: manager.logout ?? false,
    timeoutMs: manager.timeoutMs ?? 5_000,
    refreshWindowMs: manager.refreshWindowMs,
    // Spread, not listed: the options exist from core's wave 2 on.
    ...{ whenStoreUnavailable: manager.whenStoreUnavailable, storeWaitMs: manager.storeWaitMs },
    store,
    onEvent: (event) => {
      events[event.type] = (events[event.type] ?? 0) + 1;
      // TK_FLEET_DEBUG=1: every event on stderr, to see a fleet test's timeline.
      if (process.env.TK_FLEET_DEBUG) {
        console.error(`[worker ${process.pid} ${new Date().toISOString().slice(17, 23)}]`, event);
      }
    },
  };
  tokens = createTokenManager(options);
  return tokens.flightKey;
}

// Every caller asks the manager at once, but at most this many HTTP requests are open per
// process: thousands of sockets at once would test the machine's backlog, not the store.
const MAX_OPEN_REQUESTS = 64;
let open = 0;
const queued: Array<() => void> = [];
async function limited<T>(send: () => Promise<T>): Promise<T> {
  if (open >= MAX_OPEN_REQUESTS) await new Promise<void>((resolve) => queued.push(resolve));
  open += 1;
  try {
    return await send();
  } finally {
    open -= 1;
    queued.shift()?.();
  }
}

async function get(url: string, token: string): Promise<number> {
  return limited(async () => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    return response.status;
  });
}

async function request(url: string, result: LoadResult): Promise<void> {
  const manager = tokens!;
  let outcome: string;
  try {
    const token = await manager.getAccessToken();
    let status = await get(url, token);
    if (status === 401) {
      // What an adapter does: invalidate exactly the refused token, get a fresh one, send once more.
      manager.invalidate(token);
      result.retried += 1;
      status = await get(url, await manager.getAccessToken());
    }
    outcome = String(status);
  } catch (error) {
    outcome =
      error instanceof Error ? `${error.name}:${(error as { code?: string }).code ?? ''}` : 'error';
  }
  result.outcomes[outcome] = (result.outcomes[outcome] ?? 0) + 1;
  if (outcome === '200') result.ok += 1;
  else {
    result.failed += 1;
    result.lastFailureAt = Date.now();
  }
}

function emptyResult(): LoadResult {
  return { ok: 0, failed: 0, retried: 0, outcomes: {}, ms: 0, lastFailureAt: 0 };
}

async function burst(url: string, count: number): Promise<LoadResult> {
  const result = emptyResult();
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: count }, () => request(url, result)));
  result.ms = Math.round(performance.now() - startedAt);
  return result;
}

async function load(url: string, durationMs: number, concurrency: number, pauseMs: number) {
  const result = emptyResult();
  const startedAt = performance.now();
  const until = Date.now() + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        await request(url, result);
        if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }),
  );
  result.ms = Math.round(performance.now() - startedAt);
  return result;
}

async function handle(message: WorkerRequest): Promise<unknown> {
  switch (message.op) {
    case 'setup':
      return setup(message.setup);
    case 'burst':
      return burst(message.url, message.count);
    case 'load':
      return load(message.url, message.durationMs, message.concurrency, message.pauseMs);
    case 'dispose':
      await tokens?.dispose();
      return null;
    case 'events':
      return { ...events };
  }
}

process.on('message', (message: WorkerRequest) => {
  handle(message).then(
    (result) => send({ type: 'reply', id: message.id, result }),
    (error: unknown) =>
      send({
        type: 'reply',
        id: message.id,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      }),
  );
});
// The parent went away: leave too, whatever is in flight.
process.on('disconnect', () => {
  redis?.close();
  process.exit(0);
});
send({ type: 'ready' });
