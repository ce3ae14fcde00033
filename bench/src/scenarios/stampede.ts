import { apiPath, attempt, type Scenario, settleAll, warmUp } from './context.ts';

/**
 * Cold stampede: a fresh client (no token yet) gets `concurrency` requests at once.
 * Counts token requests, sends per request and failures as the server and client saw them.
 */
export const stampede: Scenario = async ({ setup, target, admin, params, warmClient }) => {
  const warm = warmClient();
  await warmUp(warm, apiPath(`${target.clientId}-warm`), params.warmup ?? 100);
  const concurrency = params.concurrency ?? 1_000;
  const client = setup(target);
  const started = performance.now();
  const outcome = await settleAll(
    Array.from({ length: concurrency }, (_, i) => attempt(client, apiPath(target.clientId, i))),
    params.timeoutMs ?? 30_000,
  );
  const durationMs = performance.now() - started;
  const stats = await admin.stats();
  await Promise.all([client.close(), warm.close()]);
  return {
    concurrency,
    tokenRequests: stats.tokenRequests,
    failures: outcome.failures,
    unsettled: outcome.unsettled,
    sendsPerRequest: stats.apiRequests / concurrency,
    maxSendsPerRequest: stats.maxSendsPerRequest,
    api401: stats.api401,
    durationMs,
  };
};
