import { apiPath, attempt, type Scenario, settleAll, warmUp } from './context.ts';

/**
 * 401 storm: a client holding a valid token; the server revokes every token of that client,
 * then `concurrency` requests go at once. Every first send gets a 401.
 */
export const storm: Scenario = async ({ setup, target, admin, params, warmClient }) => {
  const warm = warmClient();
  await warmUp(warm, apiPath(`${target.clientId}-warm`), params.warmup ?? 100);
  const concurrency = params.concurrency ?? 1_000;
  const client = setup(target);
  const path = apiPath(target.clientId);
  for (let i = 0; i < 5; i += 1) await attempt(client, path); // holds a token now
  const before = await admin.stats();
  await admin.revoke();
  const started = performance.now();
  const outcome = await settleAll(
    Array.from({ length: concurrency }, (_, i) => attempt(client, apiPath(target.clientId, i))),
    params.timeoutMs ?? 30_000,
  );
  const durationMs = performance.now() - started;
  const after = await admin.stats();
  await Promise.all([client.close(), warm.close()]);
  return {
    concurrency,
    tokenRequests: after.tokenRequests - before.tokenRequests,
    failures: outcome.failures,
    unsettled: outcome.unsettled,
    sendsPerRequest: (after.apiRequests - before.apiRequests) / concurrency,
    maxSendsPerRequest: after.maxSendsPerRequest,
    api401: after.api401 - before.api401,
    durationMs,
  };
};
