import type { BenchClient } from '../contestants/types.ts';
import { apiPath, attempt, type Scenario, sleep, warmUp } from './context.ts';

async function settledHeap(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the memory scenario needs node --expose-gc');
  for (let i = 0; i < 3; i += 1) {
    await sleep(20);
    gc();
  }
  return process.memoryUsage().heapUsed;
}

/**
 * Memory per idle client: `count` clients (each its own token manager where the contestant
 * has one) each send one request (so each holds a token), then sit idle. Heap growth after
 * full GCs, divided by `count`.
 */
export const memory: Scenario = async ({ setup, target, params, warmClient }) => {
  const warm = warmClient();
  await warmUp(warm, apiPath(`${target.clientId}-warm`), params.warmup ?? 50);
  // A throwaway batch first, so connection pools (API and token endpoint) are already open.
  const throwaway = Array.from({ length: 50 }, () => warmClient());
  await Promise.all(throwaway.map((client) => attempt(client, apiPath(`${target.clientId}-warm`))));
  await Promise.all(throwaway.map((client) => client.close().catch(() => {})));
  throwaway.length = 0;
  const count = params.count ?? 1_000;
  const path = apiPath(target.clientId);
  const heapBefore = await settledHeap();
  const clients: BenchClient[] = [];
  let failures = 0;
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, () => setup(target));
    clients.push(...batch);
    const outcomes = await Promise.all(batch.map((client) => attempt(client, path)));
    failures += outcomes.filter((ok) => !ok).length;
  }
  await sleep(100);
  const heapAfter = await settledHeap();
  const bytesPerClient = (heapAfter - heapBefore) / clients.length;
  await Promise.all(clients.map((client) => client.close().catch(() => {})));
  await warm.close();
  return { count: clients.length, failures, bytesPerClient };
};
