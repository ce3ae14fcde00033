import { startResourceServer, startSeedFixture } from '@tokenkeeper/test-utils';
import type { QueryConfig } from './config.ts';

/** A wire-faithful query-string token endpoint on 127.0.0.1 and an API that accepts its tokens. */
export interface LocalProvider {
  config: QueryConfig;
  /** Token requests the fixture received, by `grant_type`. */
  byGrant(): Record<string, number>;
  close(): Promise<void>;
}

/**
 * Starts the seed 000 fixture (GET only, rotating refresh tokens) with
 * 2-second access tokens, so that the example's calls outlive one token.
 */
export async function startLocalProvider(): Promise<LocalProvider> {
  const provider = await startSeedFixture('query', { ttl: 2 });
  const api = await startResourceServer({ verify: (token) => provider.verifyAccessToken(token) });
  return {
    config: {
      tokenEndpoint: provider.tokenEndpoint,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      apiUrl: `${api.url}/api/data`,
    },
    byGrant: () => provider.stats().byGrant,
    close: async () => {
      await Promise.all([api.close(), provider.close()]);
    },
  };
}
