import { type OidcServer, startResourceServer } from '@tokenkeeper/test-utils';
import { countTokenEvents, createClientStats } from './client-stats.ts';
import { createAxiosClient } from './clients/axios-client.ts';
import type { ClientSetup, DemoClient } from './clients/demo-client.ts';
import { createFetchClient } from './clients/fetch-client.ts';
import { createGotClient } from './clients/got-client.ts';
import { createKyClient } from './clients/ky-client.ts';
import { type TokenWatch, watchIssuedTokens } from './token-watch.ts';

/** A demo client with what the demo watches it by. */
export interface RunningClient extends DemoClient {
  watch: TokenWatch;
}

const FACTORIES: ReadonlyArray<(setup: ClientSetup) => DemoClient> = [
  createAxiosClient,
  createKyClient,
  createGotClient,
  createFetchClient,
];

/**
 * Builds the four clients, each with its own token manager and its own copy of
 * the protected API (every copy checks tokens with the same server), so that
 * each client's token requests and 401s are counted apart.
 */
export async function startClients(idp: OidcServer): Promise<RunningClient[]> {
  return Promise.all(
    FACTORIES.map(async (factory) => {
      const api = await startResourceServer({ verify: (token) => idp.verifyAccessToken(token) });
      const stats = createClientStats();
      const watch = watchIssuedTokens();
      const client = factory({
        idp,
        api,
        stats,
        observe: { onEvent: countTokenEvents(stats), fetch: watch.fetch },
      });
      return { ...client, watch };
    }),
  );
}
