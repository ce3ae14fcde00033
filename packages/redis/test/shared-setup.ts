// Setup the Redis suites share: a redis-server per file and a fresh client per test for the
// store suites, and the token servers and manager options of the fleet suites' workers.
import {
  type Auth0Fixture,
  type KeycloakFixture,
  type ResourceServer,
  startResourceServer,
  startSeedFixture,
} from '@tokenkeeper/test-utils';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { connect, type TestClient } from './clients.ts';
import type { WorkerSetup } from './fleet-protocol.ts';
import { type RedisServer, startRedisServer } from './redis-server.ts';

/** Throws until `beforeAll` or `beforeEach` has set what a hook helper hands out. */
function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} starts in a hook: use it in tests only`);
  return value;
}

/**
 * Starts one redis-server before the file's tests (generous timeout: on a fresh machine the
 * first start installs redis-server with apt-get) and stops it after them.
 */
export function useRedisServer(): { readonly url: string } {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    server = await startRedisServer();
  }, 300_000);
  afterAll(() => server?.stop());
  return {
    get url() {
      return started(server, 'useRedisServer()').url;
    },
  };
}

/** Connects a `kind` client to `server` before each test, on an empty database; closes it after. */
export function useFlushedClient(
  kind: TestClient['kind'],
  server: { readonly url: string },
): TestClient {
  let redis: TestClient | undefined;
  beforeEach(async () => {
    redis = await connect(kind, server.url);
    await redis.raw(['FLUSHDB']);
  });
  afterEach(() => redis?.close());
  const current = () => started(redis, 'useFlushedClient()');
  return {
    kind,
    get client() {
      return current().client;
    },
    raw: (args) => current().raw(args),
    close: () => current().close(),
  };
}

/** Auth0-style token servers, each with a protected API beside it, closed all at once. */
export function auth0Servers() {
  const servers: Array<{ close(): Promise<void> }> = [];
  return {
    /** Starts a token server whose access tokens live `ttl` seconds, and an API that checks them. */
    async start(ttl: number): Promise<{ idp: Auth0Fixture; api: ResourceServer }> {
      const idp = await startSeedFixture('auth0', { ttl });
      const api = await startResourceServer({ verify: (token) => idp.verifyAccessToken(token) });
      servers.push(idp, api);
      return { idp, api };
    },
    close: () => Promise.all(servers.map((server) => server.close())),
  };
}

/** A worker's manager options for an Auth0-style client credentials client (JSON requests). */
export function auth0Manager(idp: Auth0Fixture): WorkerSetup['manager'] {
  return {
    tokenEndpoint: idp.tokenEndpoint,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    audience: idp.audience,
    requestStyle: 'json',
    timeoutMs: 3_000,
  };
}

/** A worker's manager options for a Keycloak-style password login that logs out on dispose. */
export function keycloakManager(idp: KeycloakFixture): WorkerSetup['manager'] {
  return {
    tokenEndpoint: idp.tokenEndpoint,
    clientId: idp.clientId,
    username: idp.username,
    password: idp.password,
    logout: { kind: 'keycloak', endpoint: idp.logoutEndpoint },
    refreshWindowMs: 1_000,
  };
}
