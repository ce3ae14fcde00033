// What the store does with keys it did not write (other Redis types, a lock without expiry),
// how long it keeps an entry, and a client that is not connected yet.
import { createTokenManager, type TokenManagerEvent } from '@tokenkeeper/core';
import { startKeycloakFixture } from '@tokenkeeper/test-utils';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { createRedisStore, type RedisClientLike } from '../src/index.ts';
import { connect } from './clients.ts';
import { freePort, type RedisServer, startRedisServer } from './redis-server.ts';
import { useFlushedClient, useRedisServer } from './shared-setup.ts';
import { FLIGHT_KEY, sampleToken } from './token-sets.ts';

const server = useRedisServer();

// Every kind of value a careless script or another application may leave under our key.
const FOREIGN: Array<[string, string[]]> = [
  ['a list', ['RPUSH', '{key}', 'a', 'b']],
  ['a hash', ['HSET', '{key}', 'accessToken', 'x']],
  ['a set', ['SADD', '{key}', 'x']],
  ['a sorted set', ['ZADD', '{key}', '1', 'x']],
  ['a stream', ['XADD', '{key}', '*', 'f', 'v']],
];
const fill = (command: string[], key: string) =>
  command.map((part) => (part === '{key}' ? key : part));

describe.each(['redis', 'ioredis'] as const)('the Redis store with a %s client', (kind) => {
  const redis = useFlushedClient(kind, server);

  it.each(FOREIGN)(
    'reads %s under the token key as a miss, and overwrites it with the next set',
    async (_, command) => {
      const store = createRedisStore({ client: redis.client });
      const { token: key } = await store.keysFor(FLIGHT_KEY);
      await redis.raw(fill(command, key));
      expect(await store.get(FLIGHT_KEY)).toBeUndefined();
      const token = sampleToken();
      await store.set(FLIGHT_KEY, token, 60_000);
      expect(await redis.raw(['TYPE', key])).toBe('string');
      expect(await store.get(FLIGHT_KEY)).toEqual(token);
      await store.delete(FLIGHT_KEY);
      expect(await redis.raw(['EXISTS', key])).toBe(0);
    },
  );

  it.each([...FOREIGN, ['a string without expiry', ['SET', '{key}', 'left-over']]] as Array<
    [string, string[]]
  >)(
    'takes the lock at once over %s under the lock key, and leaves a live lock alone',
    async (_, command) => {
      const store = createRedisStore({ client: redis.client });
      const { lock } = await store.keysFor(FLIGHT_KEY);
      await redis.raw(fill(command, lock));
      const startedAt = Date.now();
      const release = await store.lock(FLIGHT_KEY, { leaseMs: 5_000, waitMs: 3_000 });
      expect(release).toBeTypeOf('function');
      expect(Date.now() - startedAt).toBeLessThan(200);
      // A real lock (a string with a lease) is never cleared: the next caller waits it out.
      expect(await store.lock(FLIGHT_KEY, { leaseMs: 5_000, waitMs: 100 })).toBeUndefined();
      await release?.();
    },
  );

  it('keeps an entry for the TTL the manager asks for, capped by maxTtlMs but never below the access token', async () => {
    const uncapped = createRedisStore({ client: redis.client });
    const capped = createRedisStore({ client: redis.client, maxTtlMs: 3_600_000 });
    const { token: key } = await uncapped.keysFor(FLIGHT_KEY);
    const thirtyDays = 30 * 86_400_000;
    const pttl = async () => Number(await redis.raw(['PTTL', key]));

    await uncapped.set(FLIGHT_KEY, sampleToken(), thirtyDays);
    expect(await pttl()).toBeGreaterThan(thirtyDays - 5_000);
    await capped.set(FLIGHT_KEY, sampleToken(), thirtyDays);
    expect(await pttl()).toBeGreaterThan(3_595_000);
    expect(await pttl()).toBeLessThanOrEqual(3_600_000);
    // An access token that lives longer than the cap keeps its entry until it expires.
    const longLived = sampleToken({ expiresAt: Date.now() + 7_200_000 });
    await capped.set(FLIGHT_KEY, longLived, thirtyDays);
    expect(await pttl()).toBeGreaterThan(7_195_000);
    expect(() => createRedisStore({ client: redis.client, maxTtlMs: 0 })).toThrow(/maxTtlMs/);
  });
});

describe('a token manager on the Redis store', () => {
  it('serves a token when a hash sits under its key, without a store_unavailable event, and replaces the hash', async () => {
    const redis = await connect('redis', server.url);
    const idp = await startKeycloakFixture({ ttl: 60 });
    const events: TokenManagerEvent['type'][] = [];
    try {
      await redis.raw(['FLUSHDB']);
      const store = createRedisStore({ client: redis.client });
      const options = {
        tokenEndpoint: idp.tokenEndpoint,
        clientId: idp.clientId,
        grant: { type: 'password', username: idp.username, password: idp.password },
        logout: { kind: 'keycloak', endpoint: idp.logoutEndpoint },
        store,
      } as const;
      const tokens = createTokenManager({ ...options, onEvent: (e) => events.push(e.type) });
      const { token: key } = await store.keysFor(tokens.flightKey);
      await redis.raw(['HSET', key, 'accessToken', 'not-ours']);

      await tokens.getAccessToken();
      expect(events).not.toContain('store_unavailable');
      expect(await redis.raw(['TYPE', key])).toBe('string');
      // A sibling takes it up from the store: one login in all.
      const sibling = createTokenManager(options);
      await sibling.getAccessToken();
      expect(idp.stats().byGrant).toEqual({ password: 1 });
      await Promise.all([tokens.dispose(), sibling.dispose()]);
      expect(idp.stats().liveSessions).toBe(0);
    } finally {
      await Promise.all([redis.close(), idp.close()]);
    }
  });
});

describe('a client that is not connected yet', () => {
  it.each([
    [
      'node-redis',
      (url: string) => {
        const client = createClient({
          url,
          disableOfflineQueue: true,
          socket: { reconnectStrategy: () => 50 },
        });
        client.on('error', () => {});
        return {
          client: client as RedisClientLike,
          connect: () => void client.connect().catch(() => {}),
          close: () => client.destroy(),
        };
      },
    ],
    [
      'ioredis',
      (url: string) => {
        const client = new Redis(url, {
          lazyConnect: true,
          enableOfflineQueue: false,
          retryStrategy: () => 50,
        });
        client.on('error', () => {});
        return {
          client: client as RedisClientLike,
          connect: () => void client.connect().catch(() => {}),
          close: () => client.disconnect(),
        };
      },
    ],
  ])('with %s fails at once while Redis is down, and works once it is up', async (_, make) => {
    const port = await freePort();
    const own = make(`redis://127.0.0.1:${port}`);
    const store = createRedisStore({ client: own.client, commandTimeoutMs: 300 });
    let later: RedisServer | undefined;
    try {
      const startedAt = Date.now();
      await expect(store.get(FLIGHT_KEY)).rejects.toMatchObject({ reason: 'not_connected' });
      own.connect(); // nothing listens yet: it keeps trying
      await expect(store.get(FLIGHT_KEY)).rejects.toMatchObject({ code: 'ERR_STORE' });
      await expect(store.lock(FLIGHT_KEY, { leaseMs: 5_000, waitMs: 5_000 })).rejects.toMatchObject(
        { code: 'ERR_STORE' },
      );
      expect(Date.now() - startedAt).toBeLessThan(700);

      later = await startRedisServer({ port });
      await expect
        .poll(() => store.get(FLIGHT_KEY).catch(() => 'down'), { timeout: 5_000, interval: 50 })
        .toBeUndefined();
      await store.set(FLIGHT_KEY, sampleToken(), 60_000);
      expect(await store.get(FLIGHT_KEY)).toMatchObject({ accessToken: sampleToken().accessToken });
    } finally {
      own.close();
      await later?.stop();
    }
  });
});
