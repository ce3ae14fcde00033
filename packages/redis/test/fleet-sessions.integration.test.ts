// Sessions of a fleet of 8 real processes against a Keycloak-style server while Redis is away:
// during refreshes (strict and no refresh-token rotation), and when it is down at start-up.
import {
  type KeycloakFixture,
  type ResourceServer,
  startKeycloakFixture,
  startResourceServer,
} from '@tokenkeeper/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fleet, startFleet } from './fleet.ts';
import type { LoadResult, WorkerSetup } from './fleet-protocol.ts';
import { sleep, total } from './fleet-results.ts';
import { freePort, startRedisServer } from './redis-server.ts';
import { keycloakManager } from './shared-setup.ts';

const PROCESSES = 8;
const TTL_S = 3;
let fleet: Fleet;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  fleet = await startFleet(PROCESSES);
}, 300_000);
afterAll(async () => {
  await fleet?.close();
  await Promise.all(cleanups.map((cleanup) => cleanup()));
});

async function keycloak(options: { rotate: boolean; sessionLimit: number }) {
  const idp = await startKeycloakFixture({
    ttl: TTL_S,
    sessionLimit: options.sessionLimit,
    rotateRefreshTokens: options.rotate,
  });
  const api = await startResourceServer({ verify: (token) => idp.verifyAccessToken(token) });
  cleanups.push(
    () => idp.close(),
    () => api.close(),
  );
  return { idp, api };
}

function setupFor(
  idp: KeycloakFixture,
  redisUrl: string,
  prefix: string,
  extra: Omit<Partial<WorkerSetup>, 'manager'> & { manager?: Partial<WorkerSetup['manager']> } = {},
): WorkerSetup {
  return {
    redisUrl,
    prefix,
    ...extra,
    manager: {
      ...keycloakManager(idp),
      timeoutMs: 3_000,
      ...extra.manager,
    },
  };
}

/** Samples the server's live sessions every 50 ms, to tell the most seen in a window of time. */
function sessionSampler(idp: KeycloakFixture) {
  const samples: Array<{ at: number; live: number }> = [];
  const timer = setInterval(() => {
    samples.push({ at: Date.now(), live: Number(idp.stats().liveSessions) });
  }, 50);
  return {
    maxBetween: (from: number, to = Date.now()) =>
      Math.max(0, ...samples.filter((s) => s.at >= from && s.at <= to).map((s) => s.live)),
    stop: () => clearInterval(timer),
  };
}

/** With TK_FLEET_DEBUG=1, a line on stderr in the workers' format, to read beside their events. */
const debug = (what: string) => {
  if (process.env.TK_FLEET_DEBUG)
    console.error(`[test ${new Date().toISOString().slice(17, 23)}] ${what}`);
};

const load = (api: ResourceServer, durationMs: number) =>
  fleet.all<LoadResult>({
    op: 'load',
    url: `${api.url}/api/data`,
    durationMs,
    concurrency: 2,
    pauseMs: 50,
  });

interface Row {
  scenario: string;
  tokenRequests: number;
  byGrant: Record<string, number>;
  maxLive: number;
  liveAfterRecovery: number;
  liveAfterDispose: number;
  result: LoadResult;
}
const rows: Row[] = [];
afterAll(() => {
  for (const row of rows) {
    console.info(
      `[sessions] ${row.scenario}: ${PROCESSES} processes, token requests ${row.tokenRequests} ` +
        `${JSON.stringify(row.byGrant)}, max live sessions ${row.maxLive}, ` +
        `live one lifetime after recovery ${row.liveAfterRecovery}, after dispose ${row.liveAfterDispose}, ` +
        `requests ${row.result.ok} ok / ${row.result.failed} failed ${JSON.stringify(row.result.outcomes)}`,
    );
  }
});

describe.each([
  // Keycloak with "Revoke Refresh Token": of 8 processes refreshing with one refresh token
  // while Redis is frozen, one wins and 7 get invalid_grant and log in on their own.
  { rotate: true, outage: 'frozen (SIGSTOP, entries kept, commands time out)' },
  // Keycloak's default: every process refreshes the one session with the same refresh token.
  { rotate: false, outage: 'stopped (connections refused, entries lost)' },
])(
  `a fleet of ${PROCESSES} processes, refresh-token rotation $rotate, Redis $outage for 2.5 s during refreshes`,
  ({ rotate }) => {
    it('is back to one live session within one token lifetime of Redis answering, and ends every session on dispose', async () => {
      const redis = await startRedisServer();
      cleanups.push(() => redis.stop());
      const { idp, api } = await keycloak({ rotate, sessionLimit: 100 });
      await fleet.all({ op: 'setup', setup: setupFor(idp, redis.url, `outage-${rotate}:`) });
      const sessions = sessionSampler(idp);

      // Every process holds the one shared token set before Redis goes away.
      const warm = total(
        await fleet.all<LoadResult>({ op: 'burst', url: `${api.url}/api/data`, count: 5 }),
      );
      expect(warm.outcomes).toEqual({ '200': PROCESSES * 5 });
      expect(idp.stats().byGrant.password).toBe(1);

      const running = load(api, 8_000);
      await sleep(1_000);
      if (rotate) redis.pause();
      else await redis.stop();
      debug('Redis away');
      await sleep(2_500); // every process refreshes at least once meanwhile (tokens live 2–3 s)
      if (rotate) redis.resume();
      else await redis.start();
      debug('Redis back');
      const recoveredAt = Date.now();
      // One lifetime, plus the refresh window in which the last process takes up the shared set.
      await sleep(TTL_S * 1_000 + 1_000);
      const liveAfterRecovery = sessions.maxBetween(Date.now() - 500);
      const result = total(await running);
      sessions.stop();
      const during = idp.stats();
      await fleet.all({ op: 'dispose' });
      const after = idp.stats();
      rows.push({
        scenario: `rotation ${rotate ? 'strict' : 'off'}, Redis ${rotate ? 'frozen' : 'stopped'} 2.5 s`,
        tokenRequests: during.tokenRequests,
        byGrant: during.byGrant,
        maxLive: sessions.maxBetween(0),
        liveAfterRecovery,
        liveAfterDispose: Number(after.liveSessions),
        result,
      });

      expect(result.outcomes).toEqual({ '200': result.ok }); // 'alone' (the default): none fails
      expect(recoveredAt).toBeGreaterThan(0);
      expect(liveAfterRecovery).toBeLessThanOrEqual(1);
      expect(after.liveSessions).toBe(0);
      if (!rotate) expect(during.byGrant.password).toBe(1); // the one session lived on
    });
  },
);

describe(`a fleet of ${PROCESSES} processes starting while Redis is unreachable, against a five-session Keycloak`, () => {
  /**
   * Sets the fleet up against a Redis port nobody listens on yet, runs `durationMs` of load,
   * starts Redis on that port 2 s in, disposes of the fleet once the load is done, and records
   * the scenario's row. `beforeUp` is the most live sessions seen until Redis started.
   */
  async function startWhileRedisIsDown(
    scenario: string,
    prefix: string,
    manager: Partial<WorkerSetup['manager']>,
    durationMs: number,
  ) {
    const port = await freePort();
    const { idp, api } = await keycloak({ rotate: true, sessionLimit: 5 });
    await fleet.all({
      op: 'setup',
      setup: setupFor(idp, `redis://127.0.0.1:${port}`, prefix, {
        connectInBackground: true,
        manager,
      }),
    });
    const sessions = sessionSampler(idp);

    const running = load(api, durationMs);
    await sleep(2_000);
    const beforeUp = sessions.maxBetween(0);
    const redis = await startRedisServer({ port });
    cleanups.push(() => redis.stop());
    const upAt = Date.now();
    const results = await running;
    const result = total(results);
    sessions.stop();
    const during = idp.stats();
    await fleet.all({ op: 'dispose' });
    const after = idp.stats();
    const maxLive = sessions.maxBetween(0);
    rows.push({
      scenario,
      tokenRequests: during.tokenRequests,
      byGrant: during.byGrant,
      maxLive,
      liveAfterRecovery: Number(during.liveSessions),
      liveAfterDispose: Number(after.liveSessions),
      result,
    });
    return { beforeUp, upAt, results, result, during, after, maxLive };
  }

  it("with whenStoreUnavailable 'wait': one session, and every request succeeds once Redis is up", async () => {
    const { upAt, result, during, after, maxLive } = await startWhileRedisIsDown(
      "Redis down at start for 2 s, 'wait'",
      'start-wait:',
      { whenStoreUnavailable: 'wait', storeWaitMs: 10_000 },
      5_000,
    );

    expect(upAt).toBeGreaterThan(0);
    expect(result.outcomes).toEqual({ '200': result.ok });
    expect(result.ok).toBeGreaterThan(PROCESSES * 20);
    expect(during.byGrant.password).toBe(1);
    expect(maxLive).toBeLessThanOrEqual(1);
    expect(after.liveSessions).toBe(0);
  });

  it("with whenStoreUnavailable 'alone': each process logs in while the limit allows, and the fleet is back to one session after Redis is up", async () => {
    const { beforeUp, upAt, results, result, during, after } = await startWhileRedisIsDown(
      "Redis down at start for 2 s, 'alone'",
      'start-alone:',
      { whenStoreUnavailable: 'alone' },
      7_000,
    );
    const liveAtEnd = Number(during.liveSessions);

    // Alone, every process logs in: five get a session and are served, the others are refused
    // ("Session limit exceeded") until a shared token set appears in Redis.
    expect(beforeUp).toBeGreaterThan(1);
    expect(beforeUp).toBeLessThanOrEqual(5);
    expect(results.filter((r) => r.ok > 0)).toHaveLength(PROCESSES);
    expect(Object.keys(result.outcomes).filter((o) => o !== '200')).toEqual(
      result.failed > 0 ? ['TokenEndpointError:ERR_TOKEN_ENDPOINT'] : [],
    );
    console.info(
      `[sessions] 'alone': the last failed request ended ${result.lastFailureAt - upAt} ms after Redis was up`,
    );
    // Once Redis answers, the fleet shares one token set again within about one lifetime.
    expect(result.lastFailureAt).toBeLessThan(upAt + TTL_S * 1_000 + 1_000);
    expect(liveAtEnd).toBeLessThanOrEqual(1);
    expect(after.liveSessions).toBe(0);
  });
});
