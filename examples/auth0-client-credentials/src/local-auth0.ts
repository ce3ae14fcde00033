import { startResourceServer, startSeedFixture } from '@tokenkeeper/test-utils';
import type { Auth0Config } from './config.ts';

/** A wire-faithful Auth0 token endpoint on 127.0.0.1 and an API that accepts its tokens. */
export interface LocalAuth0 {
  config: Auth0Config;
  /** Token requests the fixture received. */
  tokenRequests(): number;
  close(): Promise<void>;
}

/** Starts the seed 001 fixture: it answers only JSON bodies and requires the audience. */
export async function startLocalAuth0(): Promise<LocalAuth0> {
  const auth0 = await startSeedFixture('auth0');
  const api = await startResourceServer({ verify: (token) => auth0.verifyAccessToken(token) });
  return {
    config: {
      tokenEndpoint: auth0.tokenEndpoint,
      clientId: auth0.clientId,
      clientSecret: auth0.clientSecret,
      audience: auth0.audience,
      apiUrl: `${api.url}/api/data`,
    },
    tokenRequests: () => auth0.stats().tokenRequests,
    close: async () => {
      await Promise.all([api.close(), auth0.close()]);
    },
  };
}
