import { apiPath, attempt, type Scenario, settleAll, sleep, warmUp } from './context.ts';

interface Sent {
  launchedAt: number;
  settledAt?: number;
  ok?: boolean;
}

/**
 * Recovery from a token-endpoint outage that begins with every token revoked (an identity
 * server restored from backup, or its signing key rotated, and down for a while). The client
 * holds a valid token; then, at once, the token endpoint starts answering 500 for `outageMs`
 * and every token of the client is revoked, so the API answers the held token 401.
 * `requests` (200) requests go out on a fixed schedule spread evenly across the outage (open
 * loop: each at its time, whatever the others are doing); after the server's return the same
 * rate goes on until a request has succeeded (at most `tailCapMs`), then the run waits for
 * every request to settle (at most `settleTimeoutMs`).
 *
 * Reports token-endpoint hits answered 500 (during the outage) and in all, failed requests,
 * and, from the moment the token endpoint answers again: the first successful response and
 * the last request settled (ms).
 */
export const recovery: Scenario = async ({ setup, target, admin, params, warmClient }) => {
  const warm = warmClient();
  await warmUp(warm, apiPath(`${target.clientId}-warm`), params.warmup ?? 100);
  const client = setup(target);
  const path = apiPath(target.clientId);
  for (let i = 0; i < 3; i += 1) await attempt(client, path); // holds a token now
  const before = await admin.stats();

  const outageMs = params.outageMs ?? 3_000;
  const count = params.requests ?? 200;
  const from = Date.now();
  const back = from + outageMs;
  await admin.outage(from, back, 500);
  await admin.revoke();
  const start = Date.now();
  const interval = (back - start) / count;
  const stopAt = back + (params.tailCapMs ?? 20_000);

  const sent: Sent[] = [];
  const pending: Array<Promise<boolean>> = [];
  let firstOkAt = 0;
  for (let i = 0; ; i += 1) {
    const at = start + i * interval;
    const wait = at - Date.now();
    if (wait > 0) await sleep(wait);
    if (i >= count && (firstOkAt || Date.now() >= stopAt)) break;
    const record: Sent = { launchedAt: Date.now() };
    sent.push(record);
    pending.push(
      attempt(client, path).then((ok) => {
        record.settledAt = Date.now();
        record.ok = ok;
        if (ok && !firstOkAt) firstOkAt = record.settledAt;
        return ok;
      }),
    );
  }
  const outcome = await settleAll(pending, params.settleTimeoutMs ?? 45_000);
  const after = await admin.stats();
  await Promise.all([client.close().catch(() => {}), warm.close()]);

  const settled = sent.filter((s) => s.settledAt !== undefined);
  const lastSettledAt = Math.max(...settled.map((s) => s.settledAt!));
  const during = sent.filter((s) => s.launchedAt < back);
  return {
    outageMs,
    requests: sent.length,
    requestsDuringOutage: during.length,
    failures: outcome.failures,
    failuresDuringOutage: during.filter((s) => s.ok !== true).length,
    unsettled: outcome.unsettled,
    hitsDuringOutage: after.tokenOutageAnswers - before.tokenOutageAnswers,
    tokenHits: after.tokenRequests - before.tokenRequests,
    firstSuccessMs: firstOkAt ? firstOkAt - back : Number.NaN,
    lastSettledMs: outcome.unsettled ? Number.NaN : lastSettledAt - back,
    api401: after.api401 - before.api401,
  };
};
