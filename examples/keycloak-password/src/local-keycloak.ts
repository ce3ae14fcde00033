import { startResourceServer, startSeedFixture } from '@tokenkeeper/test-utils';
import type { KeycloakConfig } from './config.ts';

/** A wire-faithful Keycloak on 127.0.0.1 and an API that accepts its tokens. */
export interface LocalKeycloak {
  config: KeycloakConfig;
  /** Sessions the fixture holds open (Keycloak allows five per user). */
  liveSessions(): number;
  close(): Promise<void>;
}

/**
 * Starts the seed 002 fixture with 2-second access tokens, so that the
 * example's few calls outlive one token and show a refresh.
 */
export async function startLocalKeycloak(): Promise<LocalKeycloak> {
  const keycloak = await startSeedFixture('keycloak', { ttl: 2 });
  const api = await startResourceServer({ verify: (token) => keycloak.verifyAccessToken(token) });
  return {
    config: {
      tokenEndpoint: keycloak.tokenEndpoint,
      logoutEndpoint: keycloak.logoutEndpoint,
      clientId: keycloak.clientId,
      username: keycloak.username,
      password: keycloak.password,
      apiUrl: `${api.url}/api/data`,
    },
    liveSessions: () => Number(keycloak.stats().liveSessions),
    close: async () => {
      await Promise.all([api.close(), keycloak.close()]);
    },
  };
}
