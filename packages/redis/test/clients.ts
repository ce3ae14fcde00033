// Both supported clients, connected the way the README recommends, for tests and workers.
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import type { RedisClientLike } from '../src/index.ts';

/** A connected client of one kind, plus raw access for assertions. */
export interface TestClient {
  kind: 'redis' | 'ioredis';
  client: RedisClientLike;
  /** Sends a raw command (for inspecting keys in tests). */
  raw(args: string[]): Promise<unknown>;
  close(): Promise<void>;
}

/** Connects a node-redis v5 client with the offline queue off and quick reconnects. */
export async function connectNodeRedis(url: string): Promise<TestClient> {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 500,
      reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 500),
    },
  });
  // Without an 'error' listener node-redis throws connection errors at the process.
  client.on('error', () => {});
  await client.connect();
  return {
    kind: 'redis',
    client,
    raw: (args) => client.sendCommand(args),
    close: async () => {
      client.destroy();
    },
  };
}

/** Connects an ioredis client with the offline queue off and quick reconnects. */
export async function connectIORedis(url: string): Promise<TestClient> {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(50 * 2 ** times, 500),
  });
  client.on('error', () => {});
  await client.connect();
  return {
    kind: 'ioredis',
    client,
    raw: ([command = '', ...args]) => client.call(command, ...args),
    close: async () => {
      client.disconnect();
    },
  };
}

/** Connects a client of `kind`. */
export function connect(kind: 'redis' | 'ioredis', url: string): Promise<TestClient> {
  return kind === 'redis' ? connectNodeRedis(url) : connectIORedis(url);
}
