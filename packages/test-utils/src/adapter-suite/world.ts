import { createTokenManager, type TokenManager, type TokenManagerOptions } from '@tokenkeeper/core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type OidcServer, startOidcServer } from '../oidc-server.ts';
import { type RecorderServer, startRecorderServer } from '../recorder-server.ts';
import { type ResourceServer, startResourceServer } from '../resource-server.ts';

/** Scopes the suite's IdP grants besides `api`, for the per-request token set tests. */
export const SUITE_SCOPES = ['orders:read', 'orders:write'] as const;

/** The loopback servers of one suite, and a factory of managers that the suite disposes of. */
export interface World {
  idp: OidcServer;
  api: ResourceServer;
  other: RecorderServer;
  /** A manager of the IdP's `client_secret_post` client; `extra` options (`dpop`, …) on top. */
  newTokens(extra?: Partial<TokenManagerOptions>): TokenManager;
  /** Zeroes every counter and request record. */
  resetCounts(): void;
  /** Disposes of the managers made so far. */
  disposeTokens(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the IdP, the protected API and the "other origin" recorder on loopback. */
export async function startWorld(): Promise<World> {
  const idp = await startOidcServer({ accessTokenTtl: 600, scopes: [...SUITE_SCOPES] });
  const api = await startResourceServer({ verify: (token) => idp.verifyAccessToken(token) });
  const other = await startRecorderServer();
  let managers: TokenManager[] = [];
  return {
    idp,
    api,
    other,
    newTokens(extra = {}) {
      const tokens = createTokenManager({
        tokenEndpoint: idp.tokenEndpoint,
        clientId: idp.client.clientId,
        clientSecret: idp.client.clientSecret,
        retry: { retries: 1, minTimeoutMs: 10 },
        ...extra,
      });
      managers.push(tokens);
      return tokens;
    },
    resetCounts() {
      idp.resetStats();
      api.resetStats();
      api.requests.length = 0;
      other.requests.length = 0;
    },
    async disposeTokens() {
      await Promise.allSettled(managers.map((tokens) => tokens.dispose()));
      managers = [];
    },
    async close() {
      await Promise.all([idp.close(), api.close(), other.close()]);
    },
  };
}

/**
 * Registers the hooks of a suite that shares one {@link World}, in the file or `describe`
 * it is called in: starts the world before all tests and closes it after them, zeroes its
 * counts before each test and disposes of the test's managers after it.
 *
 * Returns the world at once; its members may be used in tests and hooks only (it starts
 * in `beforeAll`), and throw before that.
 *
 * @example
 * const world = useWorld();
 * it('sends the token', async () => {
 *   const api = bearerFetch(world.newTokens());
 *   expect((await api(`${world.api.url}/api/data`)).status).toBe(200);
 * });
 */
export function useWorld(): World {
  let started: World | undefined;
  const current = (): World => {
    if (!started) throw new Error('useWorld(): the world starts in beforeAll; use it in tests');
    return started;
  };
  beforeAll(async () => {
    started = await startWorld();
  });
  afterAll(() => started?.close());
  beforeEach(() => current().resetCounts());
  afterEach(() => current().disposeTokens());
  return {
    get idp() {
      return current().idp;
    },
    get api() {
      return current().api;
    },
    get other() {
      return current().other;
    },
    newTokens: (extra) => current().newTokens(extra),
    resetCounts: () => current().resetCounts(),
    disposeTokens: () => current().disposeTokens(),
    close: () => current().close(),
  };
}
