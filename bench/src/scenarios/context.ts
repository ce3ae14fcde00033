import type { AdminClient } from '../admin-client.ts';
import type { BenchClient, BenchTarget, Setup } from '../contestants/types.ts';

/** Everything a scenario gets in its child process. */
export interface ScenarioContext {
  /** The contestant's setup, to create as many clients as the scenario needs. */
  setup: Setup;
  /** Target of the measured client (its own client id). */
  target: BenchTarget;
  /** Admin routes for the measured client id. */
  admin: AdminClient;
  /** Numbers of this run (counts, durations), by name. */
  params: Record<string, number>;
  /** A client under a throwaway client id, for warming up code paths and connections. */
  warmClient(): BenchClient;
}

/** A scenario's numbers; every field is a number so rows aggregate the same way. */
export type Metrics = Record<string, number>;

export type Scenario = (context: ScenarioContext) => Promise<Metrics>;

/** One contestant of a group scenario (the members drive the same kind of client). */
export interface GroupMember {
  name: string;
  setup: Setup;
  /** The bare client the others are compared with. */
  floor: boolean;
}

/** Everything a group scenario gets: several contestants in one process. */
export interface GroupContext {
  members: GroupMember[];
  /** Target of the measured clients (one client id for the group). */
  target: BenchTarget;
  params: Record<string, number>;
}

/** A group scenario's numbers per contestant: summary metrics, and the samples behind them. */
export type GroupResult = Record<string, { metrics: Metrics; samples: Record<string, number[]> }>;

export type GroupScenario = (context: GroupContext) => Promise<GroupResult>;

/** The path every contestant requests: `c` names the client for the server's counters, `r` the request. */
export function apiPath(clientId: string, requestId?: number): string {
  return requestId === undefined
    ? `/api/data?c=${clientId}`
    : `/api/data?c=${clientId}&r=${requestId}`;
}

/** The first failure a child saw (status or error), reported beside its metrics. */
export const failureLog: { first?: string; count: number } = { count: 0 };

/** Records a failed request (a non-2xx status or a rejection) for the run's report. */
export function noteFailure(reason: unknown): void {
  failureLog.count += 1;
  if (failureLog.first !== undefined) return;
  failureLog.first =
    typeof reason === 'number'
      ? `HTTP ${reason}`
      : reason instanceof Error
        ? `${reason.name}: ${reason.message}`.slice(0, 200)
        : String(reason).slice(0, 200);
}

/** Outcome of one request: `true` for a 2xx, `false` for any other status or a rejection. */
export async function attempt(client: BenchClient, path: string): Promise<boolean> {
  try {
    const status = await client.get(path);
    if (status >= 200 && status < 300) return true;
    noteFailure(status);
    return false;
  } catch (error) {
    noteFailure(error);
    return false;
  }
}

/**
 * Sends up to `count` requests with `concurrency` workers, stopping early at `deadline`
 * (performance.now() ms). Returns how many were sent and how many failed.
 */
export async function drive(
  client: BenchClient,
  path: string,
  count: number,
  concurrency: number,
  deadline: number,
): Promise<{ sent: number; failures: number }> {
  let sent = 0;
  let failures = 0;
  const worker = async () => {
    while (sent < count && performance.now() < deadline) {
      sent += 1;
      if (!(await attempt(client, path))) failures += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { sent, failures };
}

/** Warms a client up: some sequential requests, then a concurrent burst. */
export async function warmUp(client: BenchClient, path: string, count: number): Promise<void> {
  const until = performance.now() + 10_000;
  await drive(client, path, Math.ceil(count / 2), 1, until);
  await drive(client, path, Math.ceil(count / 2), 16, until);
}

/** Settles every promise, or gives up at `timeoutMs` and counts the unsettled ones as failed. */
export async function settleAll(
  promises: Array<Promise<boolean>>,
  timeoutMs: number,
): Promise<{ failures: number; unsettled: number }> {
  let settled = 0;
  let failures = 0;
  const all = Promise.all(
    promises.map((promise) =>
      promise.then((ok) => {
        settled += 1;
        if (!ok) failures += 1;
      }),
    ),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([all, timeout]);
  clearTimeout(timer);
  const unsettled = promises.length - settled;
  return { failures: failures + unsettled, unsettled };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
