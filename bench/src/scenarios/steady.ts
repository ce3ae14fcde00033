import { apiPath, drive, type Scenario, warmUp } from './context.ts';

/**
 * Steady state: a client that already holds a valid token sends `requests` GETs with
 * `concurrency` workers (bounded by `maxMs`). Measures throughput and the client process's
 * CPU time per request (`process.cpuUsage()`, user + system), after a warm-up on the same client.
 */
export const steady: Scenario = async ({ setup, target, params }) => {
  const client = setup(target);
  const path = apiPath(target.clientId);
  await warmUp(client, path, params.warmup ?? 200);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const { sent, failures } = await drive(
    client,
    path,
    params.requests ?? 2_000,
    params.concurrency ?? 1,
    started + (params.maxMs ?? 10_000),
  );
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  await client.close();
  return {
    requests: sent,
    failures,
    reqPerSec: (sent / elapsedMs) * 1000,
    cpuUsPerReq: (cpu.user + cpu.system) / sent,
    elapsedMs,
  };
};
