// A fleet of 8 real Node processes sharing one redis-server and one Auth0-style token server.
import type { Auth0Fixture } from '@tokenkeeper/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fleet, startFleet } from './fleet.ts';
import type { LoadResult, WorkerSetup } from './fleet-protocol.ts';
import { sleep, total } from './fleet-results.ts';
import { type RedisServer, startRedisServer } from './redis-server.ts';
import { auth0Manager, auth0Servers } from './shared-setup.ts';

const PROCESSES = 8;
let redis: RedisServer;
let fleet: Fleet;
const servers = auth0Servers();

beforeAll(async () => {
  [redis, fleet] = await Promise.all([startRedisServer(), startFleet(PROCESSES)]);
}, 300_000);
afterAll(async () => {
  await fleet?.close();
  await servers.close();
  await redis?.stop();
});

function setupFor(
  idp: Auth0Fixture,
  prefix: string,
  extra: Partial<WorkerSetup> = {},
): WorkerSetup {
  return {
    redisUrl: redis.url,
    prefix,
    ...extra,
    manager: {
      ...auth0Manager(idp),
      ...extra.manager,
    },
  };
}

describe(`a fleet of ${PROCESSES} processes on one Redis store`, () => {
  it('asks for exactly one token cold, and refreshes exactly once after every token is revoked', async () => {
    const { idp, api } = await servers.start(60);
    await fleet.all({ op: 'setup', setup: setupFor(idp, 'cold:') });
    const url = `${api.url}/api/data`;

    const cold = total(await fleet.all<LoadResult>({ op: 'burst', url, count: 500 }));
    expect(cold.outcomes).toEqual({ '200': PROCESSES * 500 });
    expect(idp.stats().tokenRequests).toBe(1);

    // A new token in the same second would carry the same JWT `exp` as the revoked one;
    // core tells a sibling's token apart by a later expiry, so let the clock move on.
    await sleep(1_100);
    idp.revokeAll();
    const revoked = total(await fleet.all<LoadResult>({ op: 'burst', url, count: 500 }));
    expect(revoked.outcomes).toEqual({ '200': PROCESSES * 500 });
    expect(revoked.retried).toBeGreaterThanOrEqual(PROCESSES); // every process saw 401s
    expect(idp.stats().tokenRequests).toBe(2);
    console.info(
      `[fleet] cold: ${cold.ok} requests in ${cold.ms} ms, 1 token request; ` +
        `after revoke-all: ${revoked.retried} retried after 401, ${revoked.ms} ms, 1 token request`,
    );
  });

  it('keeps every request working while redis-server stops and starts again', async () => {
    // Short-lived tokens, so that processes must refresh while Redis is away. The refresh
    // window leaves room for a request's own latency on a busy 2-core machine.
    const ttl = 3;
    const { idp, api } = await servers.start(ttl);
    await fleet.all({
      op: 'setup',
      setup: setupFor(idp, 'outage:', {
        manager: { refreshWindowMs: 1_000 } as WorkerSetup['manager'],
      }),
    });
    const url = `${api.url}/api/data`;
    const durationMs = 7_000;

    const running = fleet.all<LoadResult>({
      op: 'load',
      url,
      durationMs,
      concurrency: 4,
      pauseMs: 25,
    });
    await sleep(1_500);
    const beforeOutage = idp.stats().tokenRequests;
    await redis.stop();
    await sleep(2_000);
    const duringOutage = idp.stats().tokenRequests - beforeOutage;
    await redis.start();
    const restartedAt = Date.now();
    await sleep(1_000); // clients reconnect within their backoff (at most 500 ms here)
    const afterReconnect = idp.stats().tokenRequests;
    const result = total(await running);
    const lateRequests = idp.stats().tokenRequests - afterReconnect;
    const lateLifetimes = (Date.now() - restartedAt - 1_000) / (ttl * 1000);

    expect(Object.keys(result.outcomes)).toEqual(['200']);
    expect(result.ok).toBeGreaterThan(PROCESSES * 50);
    const events = await fleet.all<Record<string, number>>({ op: 'events' });
    expect(
      events.every((e) => (e.store_unavailable ?? 0) >= 1 && (e.store_recovered ?? 0) >= 1),
    ).toBe(true);
    // Without Redis every process refreshes on its own, at most once per refresh interval
    // (lifetime minus the refresh window: at least 1 s here), so at most 3 each in 2 s.
    // Once Redis is back the fleet shares again: about one request per lifetime.
    expect(duringOutage).toBeLessThanOrEqual(PROCESSES * 3);
    expect(lateRequests).toBeLessThanOrEqual(Math.ceil(lateLifetimes) + 1);
    console.info(
      `[fleet] redis outage 2 s, token ttl ${ttl} s: ${result.ok} requests ok, 0 failed; ` +
        `token requests total ${idp.stats().tokenRequests} (before outage ${beforeOutage}, during ${duringOutage}, ` +
        `in the last ${lateLifetimes.toFixed(1)} lifetimes after reconnecting ${lateRequests})`,
    );
  });

  it('lets another process take over within the lease when the lock holder is killed mid-refresh', async () => {
    const { idp, api } = await servers.start(60);
    const lockLeaseMs = 2_000;
    const latencyMs = 1_000;
    await fleet.all({ op: 'setup', setup: setupFor(idp, 'kill:', { lockLeaseMs }) });
    idp.setLatencyMs(latencyMs);
    const url = `${api.url}/api/data`;

    let killedAt = 0;
    const victim = new Promise<number>((resolve) => {
      fleet.onLock(async (worker) => {
        if (killedAt) return;
        killedAt = -1;
        // Kill it once its token request has reached the (slow) token server: mid-refresh.
        while (idp.stats().tokenRequests === 0) await sleep(2);
        killedAt = Date.now();
        worker.process.kill('SIGKILL');
        resolve(worker.index);
      });
    });
    const bursts = fleet.workers.map((worker) =>
      worker.call<LoadResult>({ op: 'burst', url, count: 100 }).then(
        (result) => ({ index: worker.index, result }),
        () => undefined,
      ),
    );
    const killed = await victim;
    const survivors = (await Promise.all(bursts)).filter((entry) => entry !== undefined);
    const doneAfterKill = Date.now() - killedAt;
    const result = total(survivors.map((entry) => entry.result));

    const survivorLocks = survivors
      .map((entry) => fleet.workers[entry.index]!.locks.filter((at) => at >= killedAt))
      .map((locks) => Math.min(...locks) - killedAt);
    const takeoverMs = Math.min(...survivorLocks);
    const everyoneMs = Math.max(...survivorLocks);

    expect(survivors.map((entry) => entry.index)).not.toContain(killed);
    expect(survivors).toHaveLength(PROCESSES - 1);
    expect(result).toMatchObject({ ok: (PROCESSES - 1) * 100, failed: 0 });
    // The lock frees within the lease of the dead holder's last renewal, then one refresh.
    expect(takeoverMs).toBeLessThanOrEqual(lockLeaseMs + 300);
    expect(everyoneMs).toBeLessThan(lockLeaseMs + latencyMs + 1_000);
    expect(doneAfterKill).toBeLessThan(lockLeaseMs + latencyMs + 3_000);
    // The killed process's request and the one of the process that took over.
    expect(idp.stats().tokenRequests).toBe(2);
    console.info(
      `[fleet] lock holder SIGKILLed mid-refresh (lease ${lockLeaseMs} ms, token endpoint latency ${latencyMs} ms): ` +
        `lock taken over after ${takeoverMs} ms, every survivor had the token after ${everyoneMs} ms, ` +
        `all ${result.ok} survivor requests ok ${doneAfterKill} ms after the kill, ${idp.stats().tokenRequests} token requests`,
    );
  });
});
