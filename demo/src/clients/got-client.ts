import { createTokenManager } from '@tokenkeeper/core';
import { bearerHooks } from '@tokenkeeper/got';
import got from 'got';
import { type ClientSetup, type DemoClient, REQUEST_TIMEOUT_MS } from './demo-client.ts';

/**
 * got with a public client logging a user in (password grant): later tokens come
 * from the rotating refresh token, and dispose revokes that refresh token.
 */
export function createGotClient({ idp, api, stats, observe }: ClientSetup): DemoClient {
  const tokens = createTokenManager({
    tokenEndpoint: idp.tokenEndpoint,
    clientId: idp.publicClient.clientId,
    grant: { type: 'password', username: idp.user.username, password: idp.user.password },
    logout: { kind: 'revocation', endpoint: idp.revocationEndpoint },
    ...observe, // the demo's counters; real code leaves this out
  });
  const http = got.extend({
    prefixUrl: api.url,
    hooks: bearerHooks(tokens),
    // got's own retries would hide what the adapter does; the table counts sends exactly.
    retry: { limit: 0 },
    timeout: { request: REQUEST_TIMEOUT_MS },
  });
  return {
    name: 'got',
    grant: 'password + refresh_token',
    tokens,
    api,
    stats,
    async send() {
      await http.get('api/data');
    },
  };
}
