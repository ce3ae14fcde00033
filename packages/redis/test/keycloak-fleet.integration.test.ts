// 16 processes logging in to a Keycloak-style server that allows five sessions per user.
import {
  type KeycloakFixture,
  startResourceServer,
  startSeedFixture,
} from '@tokenkeeper/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fleet, startFleet } from './fleet.ts';
import type { LoadResult } from './fleet-protocol.ts';
import { type RedisServer, startRedisServer } from './redis-server.ts';
import { keycloakManager } from './shared-setup.ts';

const PROCESSES = 16;
let redis: RedisServer;
let fleet: Fleet;
let idp: KeycloakFixture;
let api: Awaited<ReturnType<typeof startResourceServer>>;

beforeAll(async () => {
  [redis, fleet, idp] = await Promise.all([
    startRedisServer(),
    startFleet(PROCESSES),
    // Short-lived access tokens, so the run includes refreshes (refresh_token grant, rotated).
    startSeedFixture('keycloak', { ttl: 3, sessionLimit: 5 }),
  ]);
  api = await startResourceServer({ verify: (token) => idp.verifyAccessToken(token) });
}, 300_000);
afterAll(async () => {
  await fleet?.close();
  await Promise.all([api?.close(), idp?.close()]);
  await redis?.stop();
});

describe(`a fleet of ${PROCESSES} processes against a five-session Keycloak`, () => {
  it('holds one session between them, refreshes it in turn, and ends it when they dispose', async () => {
    await fleet.all({
      op: 'setup',
      setup: {
        redisUrl: redis.url,
        manager: keycloakManager(idp),
      },
    });
    const url = `${api.url}/api/data`;
    const results = await fleet.all<LoadResult>({
      op: 'load',
      url,
      durationMs: 4_000,
      concurrency: 3,
      pauseMs: 50,
    });
    const outcomes: Record<string, number> = {};
    for (const result of results) {
      for (const [outcome, count] of Object.entries(result.outcomes)) {
        outcomes[outcome] = (outcomes[outcome] ?? 0) + count;
      }
    }
    const during = idp.stats();
    expect(Object.keys(outcomes)).toEqual(['200']);
    expect(during.byGrant.password).toBe(1);
    expect(during.byGrant.refresh_token).toBeGreaterThanOrEqual(1);
    expect(during.liveSessions).toBe(1);
    expect(during.maxLiveSessions).toBe(1);

    await fleet.all({ op: 'dispose' });
    const after = idp.stats();
    expect(after.liveSessions).toBe(0);
    expect(after.maxLiveSessions).toBe(1);
    console.info(
      `[keycloak] ${PROCESSES} processes, ${outcomes['200']} requests ok in 4 s: ` +
        `token requests ${during.tokenRequests} (${JSON.stringify(during.byGrant)}), ` +
        `max live sessions ${during.maxLiveSessions}; after dispose ${after.liveSessions} live, ${after.logouts} logout call(s) ended it`,
    );
  });
});
