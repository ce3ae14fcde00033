import { attachBearer } from '@tokenkeeper/axios';
import { createTokenManager } from '@tokenkeeper/core';
import axios from 'axios';
import { type ClientSetup, type DemoClient, REQUEST_TIMEOUT_MS } from './demo-client.ts';

/** axios with a confidential client: `client_secret_post`, the default when a secret is given. */
export function createAxiosClient({ idp, api, stats, observe }: ClientSetup): DemoClient {
  const tokens = createTokenManager({
    tokenEndpoint: idp.tokenEndpoint,
    clientId: idp.client.clientId,
    clientSecret: idp.client.clientSecret,
    logout: { kind: 'revocation', endpoint: idp.revocationEndpoint },
    ...observe, // the demo's counters; real code leaves this out
  });
  const http = axios.create({ baseURL: api.url, timeout: REQUEST_TIMEOUT_MS });
  // The token goes only to the origin of `baseURL`.
  attachBearer(http, tokens);
  return {
    name: 'axios',
    grant: 'client_credentials (post)',
    tokens,
    api,
    stats,
    async send() {
      await http.get('/api/data');
    },
  };
}
