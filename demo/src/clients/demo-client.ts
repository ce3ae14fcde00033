import type { TokenManager, TokenManagerOptions } from '@tokenkeeper/core';
import type { OidcServer, ResourceServer } from '@tokenkeeper/test-utils';
import type { ClientStats } from '../client-stats.ts';

/** What every client of the demo is built from. */
export interface ClientSetup {
  idp: OidcServer;
  /** This client's own copy of the protected API, so its 401s can be counted apart. */
  api: ResourceServer;
  stats: ClientStats;
  /** The demo's instruments for the manager: `onEvent` counts token requests, `fetch` watches what was issued. */
  observe: Pick<TokenManagerOptions, 'onEvent' | 'fetch'>;
}

/** One HTTP client of the demo, with the token manager behind its adapter. */
export interface DemoClient {
  name: string;
  /** How it gets tokens, for the table. */
  grant: string;
  tokens: TokenManager;
  api: ResourceServer;
  stats: ClientStats;
  /** Sends one `GET /api/data`; rejects on an error or a non-2xx answer. */
  send(): Promise<void>;
}

/**
 * Per-request time limit. Generous, because a request may wait for a token
 * while the token endpoint is down; the engine's retries end well before it.
 */
export const REQUEST_TIMEOUT_MS = 15_000;
