// The store on a real Redis Cluster (three masters, three replicas on loopback): node-redis
// `createCluster` in 8 worker processes, ioredis `Cluster` beside it, and a master killed under load.
import type { Auth0Fixture } from '@tokenkeeper/test-utils';
import { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore, type RedisTokenStore } from '../src/index.ts';
import { type Fleet, startFleet } from './fleet.ts';
import type { LoadResult, WorkerSetup } from './fleet-protocol.ts';
import { sleep, total } from './fleet-results.ts';
import { type RedisCluster, startRedisCluster } from './redis-cluster.ts';
import { auth0Manager, auth0Servers } from './shared-setup.ts';
import { FLIGHT_KEY, sampleToken } from './token-sets.ts';

const PROCESSES = 8;
let cluster: RedisCluster;
let fleet: Fleet;
let nodeRedis: ReturnType<typeof createCluster>;
let ioredis: Cluster;
const servers = auth0Servers();

beforeAll(async () => {
  [cluster, fleet] = await Promise.all([
    startRedisCluster({ nodeTimeoutMs: 1_000 }),
    startFleet(PROCESSES),
  ]);
  nodeRedis = createCluster({
    rootNodes: cluster.urls.map((url) => ({ url })),
    defaults: { disableOfflineQueue: true, socket: { reconnectStrategy: () => 200 } },
  });
  nodeRedis.on('error', () => {});
  await nodeRedis.connect();
  ioredis = new Cluster(
    cluster.nodes.map(({ port }) => ({ host: '127.0.0.1', port })),
    { enableOfflineQueue: false, clusterRetryStrategy: () => 200 },
  );
  ioredis.on('error', () => {});
  await new Promise((resolve) => ioredis.once('ready', resolve));
}, 120_000);
afterAll(async () => {
  await fleet?.close();
  nodeRedis?.destroy();
  ioredis?.disconnect();
  await servers.close();
  await cluster?.stop();
});

function setupFor(
  idp: Auth0Fixture,
  prefix: string,
  manager: Partial<WorkerSetup['manager']> = {},
) {
  const setup: WorkerSetup = {
    clusterUrls: cluster.urls,
    prefix,
    manager: {
      ...auth0Manager(idp),
      ...manager,
    },
  };
  return { op: 'setup' as const, setup };
}

/** Resolves with the ms `store.get` took to answer again (polled every 50 ms), or -1 after `limitMs`. */
async function answersAgainAfter(
  store: RedisTokenStore,
  key: string,
  since: number,
  limitMs: number,
) {
  while (Date.now() - since < limitMs) {
    if (
      await store.get(key).then(
        () => true,
        () => false,
      )
    )
      return Date.now() - since;
    await sleep(50);
  }
  return -1;
}

describe('the Redis store on a Redis Cluster of 3 masters and 3 replicas', () => {
  it("keeps a flight's token and lock in one slot, readable through node-redis and ioredis alike", async () => {
    const viaNodeRedis = createRedisStore({ client: nodeRedis, prefix: 'slot:' });
    const viaIORedis = createRedisStore({ client: ioredis, prefix: 'slot:' });
    const token = sampleToken();
    await viaNodeRedis.set(FLIGHT_KEY, token, 60_000);
    const release = await viaIORedis.lock(FLIGHT_KEY, { leaseMs: 5_000, waitMs: 100 });
    expect(release).toBeTypeOf('function');
    expect(await viaNodeRedis.lock(FLIGHT_KEY, { leaseMs: 5_000, waitMs: 100 })).toBeUndefined();
    expect(await viaIORedis.get(FLIGHT_KEY)).toEqual(token);

    const keys = await viaNodeRedis.keysFor(FLIGHT_KEY);
    const node = cluster.nodes[0]!;
    const tokenSlot = Number(await node.cli('CLUSTER', 'KEYSLOT', keys.token));
    const lockSlot = Number(await node.cli('CLUSTER', 'KEYSLOT', keys.lock));
    expect(lockSlot).toBe(tokenSlot);
    // Both live on the master of that slot: the store's scripts run there with both keys.
    const master = await cluster.masterOf(tokenSlot);
    expect(await master.cli('EXISTS', keys.token, keys.lock)).toBe('2');
    await release?.();
    expect(await master.cli('EXISTS', keys.lock)).toBe('0');
    await viaIORedis.delete(FLIGHT_KEY);
  });

  it(`asks for one token for a cold fleet of ${PROCESSES} processes on createCluster`, async () => {
    const { idp, api } = await servers.start(60);
    await fleet.all(setupFor(idp, 'cluster-cold:'));
    const cold = total(
      await fleet.all<LoadResult>({ op: 'burst', url: `${api.url}/api/data`, count: 100 }),
    );
    expect(cold.outcomes).toEqual({ '200': PROCESSES * 100 });
    expect(idp.stats().tokenRequests).toBe(1);
    console.info(
      `[cluster] cold fleet of ${PROCESSES} on createCluster: ${cold.ok} requests ok in ${cold.ms} ms, 1 token request`,
    );
  });

  it('fails no request while the master of the flight slot is SIGKILLed, and shares again once its replica took over', async () => {
    const ttl = 3;
    const { idp, api } = await servers.start(ttl);
    const flightKey = (
      await fleet.all<string>(setupFor(idp, 'cluster-failover:', { refreshWindowMs: 1_000 }))
    )[0]!;
    const probe = createRedisStore({ client: nodeRedis, prefix: 'cluster-failover:' });
    const probeIO = createRedisStore({ client: ioredis, prefix: 'cluster-failover:' });
    const slot = Number(
      await cluster.nodes[0]!.cli('CLUSTER', 'KEYSLOT', (await probe.keysFor(flightKey)).token),
    );
    const victim = await cluster.masterOf(slot);

    const durationMs = 11_000;
    const running = fleet.all<LoadResult>({
      op: 'load',
      url: `${api.url}/api/data`,
      durationMs,
      concurrency: 3,
      pauseMs: 25,
    });
    await sleep(1_500);
    await victim.kill('SIGKILL');
    const killedAt = Date.now();
    const [nodeRedisBackMs, ioredisBackMs] = await Promise.all([
      answersAgainAfter(probe, flightKey, killedAt, 20_000),
      answersAgainAfter(probeIO, flightKey, killedAt, 20_000),
      cluster.waitUntilOk(20_000),
    ]);
    const failedOverMs = Date.now() - killedAt;
    const newMaster = await cluster.masterOf(slot);
    // Give the workers' clients a moment to find the new master, then count token requests.
    await sleep(1_500);
    const sharedFrom = Date.now();
    const beforeShared = idp.stats().tokenRequests;
    const result = total(await running);
    const lateRequests = idp.stats().tokenRequests - beforeShared;
    const lateLifetimes = (Date.now() - sharedFrom) / (ttl * 1_000);
    const events = await fleet.all<Record<string, number>>({ op: 'events' });

    expect(newMaster.port).not.toBe(victim.port);
    expect(result.outcomes).toEqual({ '200': result.ok });
    expect(result.ok).toBeGreaterThan(PROCESSES * 50);
    expect(nodeRedisBackMs).toBeGreaterThan(0);
    expect(ioredisBackMs).toBeGreaterThan(0);
    // The workers were told when the store went away and when it answered again.
    for (const counts of events) {
      expect(counts.store_recovered ?? 0).toBe(counts.store_unavailable ?? 0);
    }
    // Shared again: about one token request per lifetime for the whole fleet, not one per process.
    expect(lateRequests).toBeLessThanOrEqual(Math.ceil(lateLifetimes) + 1);
    console.info(
      `[cluster] master of slot ${slot} SIGKILLed under load (cluster-node-timeout 1000 ms): ` +
        `cluster ok again after ${failedOverMs} ms; the store answered again after ${nodeRedisBackMs} ms (node-redis) ` +
        `and ${ioredisBackMs} ms (ioredis); ${result.ok} requests ok, ${result.failed} failed; ` +
        `token requests ${idp.stats().tokenRequests} in all, ${lateRequests} in the last ${lateLifetimes.toFixed(1)} lifetimes; ` +
        `${events.filter((e) => e.store_unavailable).length} of ${PROCESSES} processes saw the store go away`,
    );
  });
});
