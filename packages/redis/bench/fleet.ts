// Token requests per token lifetime for fleets of 1–16 processes, with and without the
// Redis store. Not a test: it prints a table. Run with `pnpm --filter @tokenkeeper/redis bench`
// (or `node --conditions=@tokenkeeper/source bench/fleet.ts [--ttl 2] [--lifetimes 2]`).
import { parseArgs } from 'node:util';
import { startResourceServer, startSeedFixture } from '@tokenkeeper/test-utils';
import { startFleet } from '../test/fleet.ts';
import type { LoadResult, WorkerSetup } from '../test/fleet-protocol.ts';
import { startRedisServer } from '../test/redis-server.ts';

const { values } = parseArgs({
  options: {
    ttl: { type: 'string', default: '2' },
    lifetimes: { type: 'string', default: '2' },
    sizes: { type: 'string', default: '1,2,4,8,16' },
  },
});
const ttl = Number(values.ttl);
const lifetimes = Number(values.lifetimes);
const sizes = values.sizes.split(',').map(Number);
const largest = Math.max(...sizes);

const redis = await startRedisServer();
const idp = await startSeedFixture('auth0', { ttl });
const api = await startResourceServer({ verify: (token) => idp.verifyAccessToken(token) });
const fleet = await startFleet(largest);
const rows: string[] = [];

try {
  for (const size of sizes) {
    const workers = fleet.workers.slice(0, size);
    const perLifetime: Record<'memory' | 'redis', string> = { memory: '', redis: '' };
    let requests = 0;
    for (const mode of ['memory', 'redis'] as const) {
      const setup: WorkerSetup = {
        redisUrl: mode === 'redis' ? redis.url : undefined,
        prefix: `bench:${size}:`,
        manager: {
          tokenEndpoint: idp.tokenEndpoint,
          clientId: idp.clientId,
          clientSecret: idp.clientSecret,
          audience: idp.audience,
          requestStyle: 'json',
          refreshWindowMs: 500,
        },
      };
      await fleet.all({ op: 'setup', setup }, workers);
      idp.resetStats();
      const results = await fleet.all<LoadResult>(
        {
          op: 'load',
          url: `${api.url}/api/data`,
          durationMs: ttl * 1000 * lifetimes,
          concurrency: 2,
          pauseMs: 20,
        },
        workers,
      );
      const failed = results.reduce((sum, result) => sum + result.failed, 0);
      requests += results.reduce((sum, result) => sum + result.ok, 0);
      const tokenRequests = idp.stats().tokenRequests;
      perLifetime[mode] =
        `${tokenRequests} (${(tokenRequests / lifetimes).toFixed(1)}/lifetime)${failed ? ` ${failed} failed` : ''}`;
    }
    rows.push(
      `| ${String(size).padStart(9)} | ${perLifetime.memory.padStart(34)} | ${perLifetime.redis.padStart(22)} | ${String(requests).padStart(8)} |`,
    );
    console.error(`done: ${size} process(es)`);
  }
} finally {
  await fleet.close();
  await Promise.all([api.close(), idp.close()]);
  await redis.stop();
}

// A JWT's `exp` is in whole seconds, so a token of `ttl` s lives between ttl-1 and ttl s here.
console.log(
  `Token requests during ${lifetimes} token lifetimes of steady load (${ttl} s tokens, cold start included)`,
);
console.log(
  '| processes |    in-memory stores (each its own) |        one Redis store | requests |',
);
console.log(
  '|----------:|-----------------------------------:|-----------------------:|---------:|',
);
for (const row of rows) console.log(row);
