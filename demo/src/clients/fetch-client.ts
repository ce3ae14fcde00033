import { createTokenManager } from '@tokenkeeper/core';
import { bearerFetch } from '@tokenkeeper/fetch';
import { type ClientSetup, type DemoClient, REQUEST_TIMEOUT_MS } from './demo-client.ts';

/**
 * Plain `fetch`, with the endpoints found by OIDC discovery from the issuer:
 * the discovered revocation endpoint is what dispose uses.
 */
export function createFetchClient({ idp, api, stats, observe }: ClientSetup): DemoClient {
  const tokens = createTokenManager({
    issuer: idp.issuer,
    clientId: idp.client.clientId,
    clientSecret: idp.client.clientSecret,
    ...observe, // the demo's counters; real code leaves this out
  });
  // fetch has no base URL, so say which origin gets the token.
  const authFetch = bearerFetch(tokens, { origins: [api.url] });
  return {
    name: 'fetch',
    grant: 'client_credentials (discovery)',
    tokens,
    api,
    stats,
    async send() {
      const response = await authFetch(`${api.url}/api/data`, {
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      // Read the body so the connection goes back to the pool.
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    },
  };
}
