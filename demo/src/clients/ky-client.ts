import { createTokenManager } from '@tokenkeeper/core';
import { bearerHooks } from '@tokenkeeper/ky';
import ky from 'ky';
import { type ClientSetup, type DemoClient, REQUEST_TIMEOUT_MS } from './demo-client.ts';

/** ky with a confidential client that authenticates with HTTP Basic (`client_secret_basic`). */
export function createKyClient({ idp, api, stats, observe }: ClientSetup): DemoClient {
  const tokens = createTokenManager({
    tokenEndpoint: idp.tokenEndpoint,
    clientId: idp.basicClient.clientId,
    clientSecret: idp.basicClient.clientSecret,
    clientAuthentication: 'client_secret_basic',
    logout: { kind: 'revocation', endpoint: idp.revocationEndpoint },
    ...observe, // the demo's counters; real code leaves this out
  });
  const http = ky.create({
    baseUrl: api.url,
    hooks: bearerHooks(tokens),
    // The adapter's one resend after a 401 is a ky retry, so the limit must allow one; ky's
    // own retries (5xx, network errors) are off so that the table counts sends exactly.
    retry: { limit: 1, shouldRetry: () => false },
    timeout: REQUEST_TIMEOUT_MS,
  });
  return {
    name: 'ky',
    grant: 'client_credentials (basic)',
    tokens,
    api,
    stats,
    async send() {
      await http.get('api/data');
    },
  };
}
