import { describe, expect, it } from 'vitest';
import { createRedisStore, RedisStoreError } from '../src/index.ts';
import { connect } from './clients.ts';
import { startRedisServer } from './redis-server.ts';
import { useFlushedClient, useRedisServer } from './shared-setup.ts';
import { FLIGHT_KEY, sampleToken } from './token-sets.ts';

const server = useRedisServer();

describe.each(['redis', 'ioredis'] as const)('the Redis store with a %s client', (kind) => {
  const redis = useFlushedClient(kind, server);

  it('stores and reads back a token set, with a TTL of the ttlMs core passes', async () => {
    const store = createRedisStore({ client: redis.client });
    const token = sampleToken();
    await store.set(FLIGHT_KEY, token, 60_000);
    expect(await store.get(FLIGHT_KEY)).toEqual(token);
    const { token: key } = await store.keysFor(FLIGHT_KEY);
    const ttl = Number(await redis.raw(['PTTL', key]));
    expect(ttl).toBeGreaterThan(58_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await store.delete(FLIGHT_KEY);
    expect(await store.get(FLIGHT_KEY)).toBeUndefined();
  });

  it('names keys by a SHA-256 hash tag of the flight key, with no secret or identity in any key', async () => {
    const store = createRedisStore({ client: redis.client });
    await store.set(FLIGHT_KEY, sampleToken(), 60_000);
    const release = await store.lock(FLIGHT_KEY, { leaseMs: 5_000, waitMs: 100 });
    const keys = (await redis.raw(['KEYS', '*'])) as string[];
    await release?.();
    expect(keys.sort()).toEqual([
      expect.stringMatching(/^tokenkeeper:\{[0-9a-f]{64}\}:lock$/),
      expect.stringMatching(/^tokenkeeper:\{[0-9a-f]{64}\}:token$/),
    ]);
    // Same hash tag: one cluster slot for a flight's token and lock.
    expect(keys[0]?.slice(0, -5)).toBe(keys[1]?.slice(0, -6));
    for (const key of keys) {
      expect(key).not.toMatch(/SECRET|alice|idp\.example\.com|client/);
    }
  });

  it('uses a configured prefix and refuses one with braces', async () => {
    const store = createRedisStore({ client: redis.client, prefix: 'svc:a:' });
    await store.set(FLIGHT_KEY, sampleToken(), 60_000);
    expect(await redis.raw(['KEYS', '*'])).toEqual([
      expect.stringMatching(/^svc:a:\{[0-9a-f]{64}\}:token$/),
    ]);
    expect(() => createRedisStore({ client: redis.client, prefix: 'a{b}:' })).toThrow(/prefix/);
  });

  it('encrypts with AES-GCM: no token in Redis, a fresh IV per write, round trip intact', async () => {
    const encryptionKey = crypto.getRandomValues(new Uint8Array(32));
    const store = createRedisStore({ client: redis.client, encryptionKey });
    const token = sampleToken();
    const { token: key } = await store.keysFor(FLIGHT_KEY);
    await store.set(FLIGHT_KEY, token, 60_000);
    const first = String(await redis.raw(['GET', key]));
    await store.set(FLIGHT_KEY, token, 60_000);
    const second = String(await redis.raw(['GET', key]));
    expect(first).not.toMatch(/SECRET|read write/);
    expect(first).not.toBe(second);
    expect(await store.get(FLIGHT_KEY)).toEqual(token);

    const sameKey = await crypto.subtle.importKey('raw', encryptionKey, 'AES-GCM', false, [
      'encrypt',
      'decrypt',
    ]);
    expect(
      await createRedisStore({ client: redis.client, encryptionKey: sameKey }).get(FLIGHT_KEY),
    ).toEqual(token);
  });

  it('reads a tampered, moved, foreign-key or downgraded entry as undefined', async () => {
    const encryptionKey = crypto.getRandomValues(new Uint8Array(32));
    const store = createRedisStore({ client: redis.client, encryptionKey });
    const { token: key } = await store.keysFor(FLIGHT_KEY);
    await store.set(FLIGHT_KEY, sampleToken(), 60_000);
    const sealed = JSON.parse(String(await redis.raw(['GET', key]))) as { data: string };

    const flipped =
      sealed.data.slice(0, 20) + (sealed.data[20] === 'A' ? 'B' : 'A') + sealed.data.slice(21);
    await redis.raw(['SET', key, JSON.stringify({ ...sealed, data: flipped })]);
    expect(await store.get(FLIGHT_KEY)).toBeUndefined();

    // Moved under another flight's key: the Redis key is authenticated data.
    const otherFlight = `${FLIGHT_KEY}-other`;
    const { token: otherKey } = await store.keysFor(otherFlight);
    await redis.raw(['SET', otherKey, JSON.stringify(sealed)]);
    expect(await store.get(otherFlight)).toBeUndefined();

    await redis.raw(['SET', key, JSON.stringify(sealed)]);
    const otherKeyStore = createRedisStore({
      client: redis.client,
      encryptionKey: crypto.getRandomValues(new Uint8Array(32)),
    });
    expect(await otherKeyStore.get(FLIGHT_KEY)).toBeUndefined();
    expect(await createRedisStore({ client: redis.client }).get(FLIGHT_KEY)).toBeUndefined();

    // A plain entry is not accepted by a store that expects encryption (no downgrade).
    await createRedisStore({ client: redis.client }).set(FLIGHT_KEY, sampleToken(), 60_000);
    expect(await store.get(FLIGHT_KEY)).toBeUndefined();
  });

  it('reads corrupt or mistyped entries as undefined, not a crash', async () => {
    const store = createRedisStore({ client: redis.client });
    const { token: key } = await store.keysFor(FLIGHT_KEY);
    const good = { ...sampleToken() };
    for (const value of [
      'not json',
      '[]',
      '{"v":2,"token":{}}',
      JSON.stringify({ v: 1, token: { ...good, accessToken: 5 } }),
      JSON.stringify({ v: 1, token: { ...good, tokenType: 'MAC' } }),
      JSON.stringify({ v: 1, token: { ...good, expiresAt: 'soon' } }),
      JSON.stringify({ v: 1, token: { ...good, raw: null } }),
      JSON.stringify({ v: 1, alg: 'A256GCM', data: 'AAAA' }),
    ]) {
      await redis.raw(['SET', key, value]);
      expect(await store.get(FLIGHT_KEY)).toBeUndefined();
    }
  });

  it('holds the lock for one owner at a time, with the lease as PTTL', async () => {
    const store = createRedisStore({ client: redis.client });
    const release = await store.lock(FLIGHT_KEY, { leaseMs: 5_000, waitMs: 100 });
    expect(release).toBeTypeOf('function');
    const { lock } = await store.keysFor(FLIGHT_KEY);
    const ttl = Number(await redis.raw(['PTTL', lock]));
    expect(ttl).toBeGreaterThan(4_000);
    expect(ttl).toBeLessThanOrEqual(5_000);

    const startedAt = Date.now();
    expect(await store.lock(FLIGHT_KEY, { leaseMs: 5_000, waitMs: 150 })).toBeUndefined();
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(140);

    await release?.();
    expect(await redis.raw(['EXISTS', lock])).toBe(0);
    const again = await store.lock(FLIGHT_KEY, { leaseMs: 5_000, waitMs: 100 });
    expect(again).toBeTypeOf('function');
    await again?.();
  });

  it('releases by compare-and-delete: a holder whose lease passed cannot free the next owner', async () => {
    const store = createRedisStore({ client: redis.client });
    const release = await store.lock(FLIGHT_KEY, { leaseMs: 5_000, waitMs: 100 });
    const { lock } = await store.keysFor(FLIGHT_KEY);
    await redis.raw(['SET', lock, 'another-owner', 'PX', '5000']); // as if the lease passed and B took it
    await release?.();
    expect(await redis.raw(['GET', lock])).toBe('another-owner');
  });

  it('takes over a lock whose holder died once its lease runs out', async () => {
    const store = createRedisStore({ client: redis.client });
    const { lock } = await store.keysFor(FLIGHT_KEY);
    await redis.raw(['SET', lock, 'dead-process', 'PX', '300']);
    const startedAt = Date.now();
    const release = await store.lock(FLIGHT_KEY, { leaseMs: 5_000, waitMs: 3_000 });
    const waited = Date.now() - startedAt;
    expect(release).toBeTypeOf('function');
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(1_000);
    await release?.();
  });

  it('renews the lease while the holder lives', async () => {
    const store = createRedisStore({ client: redis.client, lockLeaseMs: 300 });
    const release = await store.lock(FLIGHT_KEY, { leaseMs: 15_000, waitMs: 100 });
    const { lock } = await store.keysFor(FLIGHT_KEY);
    const owner = await redis.raw(['GET', lock]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await redis.raw(['GET', lock])).toBe(owner);
    expect(Number(await redis.raw(['PTTL', lock]))).toBeLessThanOrEqual(300);
    await release?.();
    expect(await redis.raw(['EXISTS', lock])).toBe(0);
  });

  it('stops waiting with undefined when the signal aborts', async () => {
    const store = createRedisStore({ client: redis.client });
    const { lock } = await store.keysFor(FLIGHT_KEY);
    await redis.raw(['SET', lock, 'someone', 'PX', '10000']);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('disposed')), 100);
    const startedAt = Date.now();
    expect(
      await store.lock(FLIGHT_KEY, { leaseMs: 5_000, waitMs: 5_000, signal: controller.signal }),
    ).toBeUndefined();
    expect(Date.now() - startedAt).toBeLessThan(400);
  });
});

describe('the Redis store when Redis is unavailable', () => {
  it('throws a RedisStoreError within the command timeout, and works again once Redis is back', async () => {
    const own = await startRedisServer();
    const redis = await connect('redis', own.url);
    try {
      const store = createRedisStore({ client: redis.client, commandTimeoutMs: 300 });
      await store.set(FLIGHT_KEY, sampleToken(), 60_000);
      await own.stop();
      const startedAt = Date.now();
      await expect(store.get(FLIGHT_KEY)).rejects.toBeInstanceOf(RedisStoreError);
      await expect(
        store.lock(FLIGHT_KEY, { leaseMs: 5_000, waitMs: 5_000 }),
      ).rejects.toBeInstanceOf(RedisStoreError);
      expect(Date.now() - startedAt).toBeLessThan(700);
      await own.start();
      await expect
        .poll(() => store.get(FLIGHT_KEY).catch(() => 'down'), { timeout: 5_000 })
        .toBeUndefined();
      await store.set(FLIGHT_KEY, sampleToken(), 60_000);
      expect(await store.get(FLIGHT_KEY)).toBeDefined();
    } finally {
      await redis.close();
      await own.stop();
    }
  });

  it('bounds a command that never answers by commandTimeoutMs', async () => {
    const store = createRedisStore({ client: () => new Promise(() => {}), commandTimeoutMs: 100 });
    const startedAt = Date.now();
    const error = await store.get(FLIGHT_KEY).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RedisStoreError', reason: 'timeout' });
    expect(String(error)).not.toMatch(/tokenkeeper:/);
    expect(Date.now() - startedAt).toBeLessThan(400);
  });

  it('refuses bad options at once', () => {
    const client = () => Promise.resolve(null);
    expect(() => createRedisStore({ client, encryptionKey: new Uint8Array(16) })).toThrow(
      /32 bytes/,
    );
    expect(() => createRedisStore({ client, commandTimeoutMs: 0 })).toThrow(/commandTimeoutMs/);
    expect(() => createRedisStore({ client: {} as never })).toThrow(/client/);
  });
});
