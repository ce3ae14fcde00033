import { createTokenManager, type TokenManagerEvent } from '@tokenkeeper/core';
import { type BearerFetch, bearerFetch } from '@tokenkeeper/fetch';
import type { UpstreamConfig } from './config.ts';

/** The app's one way to call the API: created once at startup, closed once at shutdown. */
export interface Upstream {
  /** `fetch` with the token on requests to the API's origin, and one retry after a 401. */
  fetch: BearerFetch;
  /** Revokes the token and stops the manager: call it from the app's shutdown hook. */
  close(): Promise<void>;
}

/**
 * One token manager for the whole process, however many requests the app
 * serves at once: they share its token and its single refresh.
 */
export function createUpstream(
  config: UpstreamConfig,
  onEvent?: (event: TokenManagerEvent) => void,
): Upstream {
  const tokens = createTokenManager({
    ...(config.issuer
      ? { issuer: config.issuer } // discovery also finds the revocation endpoint
      : {
          tokenEndpoint: config.tokenEndpoint,
          logout: config.revocationEndpoint
            ? { kind: 'revocation', endpoint: config.revocationEndpoint }
            : false,
        }),
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    scope: config.scope,
    audience: config.audience,
    onEvent,
  });
  return {
    fetch: bearerFetch(tokens, { origins: [new URL(config.apiUrl).origin] }),
    close: () => tokens.dispose(),
  };
}
