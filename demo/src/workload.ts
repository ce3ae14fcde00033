import { setTimeout as sleep } from 'node:timers/promises';
import { recordFailure } from './client-stats.ts';
import type { DemoClient } from './clients/demo-client.ts';

/** How long a worker pauses between two requests, so the numbers stay readable. */
const THINK_MS = 40;
const JITTER_MS = 40;

/**
 * Runs `concurrency` workers per client, each sending one request after another
 * until `untilMs` (epoch ms) or `signal` aborts. A request already sent is
 * awaited, never abandoned: every request ends in the counts.
 */
export async function runWorkload(
  clients: readonly DemoClient[],
  options: { concurrency: number; untilMs: number; signal: AbortSignal },
): Promise<void> {
  const workers = clients.flatMap((client) =>
    Array.from({ length: options.concurrency }, () => work(client, options)),
  );
  await Promise.all(workers);
}

async function work(
  client: DemoClient,
  { untilMs, signal }: { untilMs: number; signal: AbortSignal },
): Promise<void> {
  const { stats } = client;
  while (Date.now() < untilMs && !signal.aborted) {
    stats.requests += 1;
    stats.inFlight += 1;
    try {
      await client.send();
      stats.succeeded += 1;
    } catch (error) {
      recordFailure(stats, describe(error));
    } finally {
      stats.inFlight -= 1;
    }
    await sleep(THINK_MS + Math.random() * JITTER_MS);
  }
}

/** A short description of a failed request: the status when there was one, never a header. */
function describe(error: unknown): string {
  if (error && typeof error === 'object') {
    const { name, message, response } = error as {
      name?: string;
      message?: string;
      response?: { status?: number; statusCode?: number };
    };
    const status = response?.status ?? response?.statusCode;
    return status ? `${name ?? 'Error'}: HTTP ${status}` : `${name ?? 'Error'}: ${message ?? ''}`;
  }
  return String(error);
}
