// Messages between a fleet test (the parent) and its worker processes, over the fork IPC channel.
import type { LogoutOptions } from '@tokenkeeper/core';

/** How a worker builds its token manager. */
export interface WorkerSetup {
  /** Share tokens through Redis at this URL; without it the worker uses core's in-memory store. */
  redisUrl?: string | undefined;
  /** Share tokens through the Redis Cluster with these root nodes (node-redis `createCluster`). */
  clusterUrls?: string[] | undefined;
  /**
   * Connect the client without awaiting it, as the README does (`connect().catch(() => {})`):
   * the worker is ready at once, even while Redis is unreachable. @default false (await connect)
   */
  connectInBackground?: boolean | undefined;
  prefix?: string | undefined;
  lockLeaseMs?: number | undefined;
  manager: {
    tokenEndpoint: string;
    clientId: string;
    clientSecret?: string | undefined;
    audience?: string | undefined;
    requestStyle?: 'form' | 'json' | 'query';
    username?: string | undefined;
    password?: string | undefined;
    logout?: LogoutOptions;
    timeoutMs?: number;
    refreshWindowMs?: number;
    whenStoreUnavailable?: 'alone' | 'wait';
    storeWaitMs?: number;
  };
}

/** What a batch of requests came to in one worker. */
export interface LoadResult {
  ok: number;
  failed: number;
  /** Requests that met a 401, invalidated the token and were sent once more. */
  retried: number;
  /** Final HTTP status (or error name) of each request, counted. */
  outcomes: Record<string, number>;
  ms: number;
  /** When the last failed request ended, epoch ms (0: none failed). */
  lastFailureAt: number;
}

export type WorkerRequest =
  | { id: number; op: 'setup'; setup: WorkerSetup }
  /** `count` requests at once, each with one 401 retry. */
  | { id: number; op: 'burst'; url: string; count: number }
  /** `concurrency` loops sending requests back to back for `durationMs`, pausing `pauseMs` between. */
  | {
      id: number;
      op: 'load';
      url: string;
      durationMs: number;
      concurrency: number;
      pauseMs: number;
    }
  | { id: number; op: 'dispose' }
  | { id: number; op: 'events' };

export type WorkerMessage =
  | { type: 'ready' }
  /** Sent when this worker took the Redis refresh lock. */
  | { type: 'locked'; at: number }
  | { type: 'reply'; id: number; result?: unknown; error?: string };
