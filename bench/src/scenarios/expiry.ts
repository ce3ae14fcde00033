import { apiPath, attempt, type Scenario, settleAll, sleep, warmUp } from './context.ts';

/**
 * Expiry crossing: tokens live `ttlSeconds` (2 s); the client sends `rate` requests per second,
 * open loop (each on schedule, not after the previous one), for `durationMs`. Counts the 401s
 * the server answered: each is a request sent with an expired token.
 */
export const expiry: Scenario = async ({ setup, target, admin, params, warmClient }) => {
  const warm = warmClient();
  await warmUp(warm, apiPath(`${target.clientId}-warm`), params.warmup ?? 100);
  await admin.register(params.ttlSeconds ?? 2);
  const client = setup(target);
  const path = apiPath(target.clientId);
  for (let i = 0; i < 3; i += 1) await attempt(client, path);
  const before = await admin.stats();
  const rate = params.rate ?? 50;
  const count = Math.round((rate * (params.durationMs ?? 10_000)) / 1000);
  const interval = 1000 / rate;
  const started = performance.now();
  const requests: Array<Promise<boolean>> = [];
  for (let i = 0; i < count; i += 1) {
    const wait = started + i * interval - performance.now();
    if (wait > 0) await sleep(wait);
    requests.push(attempt(client, path));
  }
  const outcome = await settleAll(requests, params.timeoutMs ?? 30_000);
  const after = await admin.stats();
  await Promise.all([client.close(), warm.close()]);
  return {
    requests: count,
    api401: after.api401 - before.api401,
    failures: outcome.failures,
    tokenRequests: after.tokenRequests - before.tokenRequests,
    sendsPerRequest: (after.apiRequests - before.apiRequests) / count,
  };
};
