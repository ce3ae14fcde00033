import { apiPath, noteFailure, type Scenario, sleep, warmUp } from './context.ts';

/**
 * Token endpoint outage: tokens live `ttlSeconds` (4 s). The client holds one; from 1 s
 * before it expires the token endpoint answers 500 for `outageMs` (3 s), so the outage
 * starts while the old token is valid and ends 2 s after it expired. `workers` (200)
 * concurrent loops send a request every `pauseMs` throughout. Counts token-endpoint hits,
 * failures (while the old token was valid, and in all), and the time from the end of the
 * outage to the first success.
 */
export const outage: Scenario = async ({ setup, target, admin, params, warmClient }) => {
  const warm = warmClient();
  await warmUp(warm, apiPath(`${target.clientId}-warm`), params.warmup ?? 100);
  await admin.register(params.ttlSeconds ?? 4);
  const client = setup(target);
  const path = apiPath(target.clientId);
  await client.get(path).catch(() => 0);
  const before = await admin.stats();
  const expiresAt = before.lastExp * 1000;
  const from = expiresAt - (params.beforeExpiryMs ?? 1_000);
  const until = from + (params.outageMs ?? 3_000);
  await admin.outage(from, until, 500);
  const hardStop = until + (params.tailMs ?? 8_000);

  let failures = 0;
  let failuresWhileValid = 0;
  let requests = 0;
  let recoveredAt = 0;
  const worker = async () => {
    while (Date.now() < hardStop && !(recoveredAt && Date.now() > recoveredAt + 1_000)) {
      const startedAt = Date.now();
      requests += 1;
      let ok = false;
      try {
        const status = await client.get(path);
        ok = status >= 200 && status < 300;
        if (!ok) noteFailure(status);
      } catch (error) {
        noteFailure(error);
      }
      const endedAt = Date.now();
      if (!ok) {
        failures += 1;
        if (startedAt < expiresAt) failuresWhileValid += 1;
      } else if (!recoveredAt && endedAt >= until) {
        recoveredAt = endedAt;
      }
      await sleep(params.pauseMs ?? 200);
    }
  };
  await Promise.all(Array.from({ length: params.workers ?? 200 }, worker));
  const after = await admin.stats();
  await Promise.all([client.close().catch(() => {}), warm.close()]);
  return {
    tokenHits: after.tokenRequests - before.tokenRequests,
    outageAnswers: after.tokenOutageAnswers - before.tokenOutageAnswers,
    failuresWhileValid,
    failures,
    requests,
    recovered: recoveredAt ? 1 : 0,
    recoveryMs: recoveredAt ? recoveredAt - until : Number.NaN,
    api401: after.api401 - before.api401,
  };
};
