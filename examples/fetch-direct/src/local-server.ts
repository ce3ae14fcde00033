import { startOidcServer, startResourceServer } from '@tokenkeeper/test-utils';
import type { UpstreamConfig } from './config.ts';

/** A real OAuth 2 server (oidc-provider) on 127.0.0.1 and an API that accepts its tokens. */
export interface LocalServer {
  config: UpstreamConfig;
  /** Revokes every token issued so far, as a server-side logout or key rotation would. */
  revokeAll(): void;
  stats(): { tokenRequests: number; revocations: number; apiUnauthorized: number };
  close(): Promise<void>;
}

export async function startLocalServer(): Promise<LocalServer> {
  const idp = await startOidcServer();
  const api = await startResourceServer({ verify: (token) => idp.verifyAccessToken(token) });
  return {
    config: {
      issuer: idp.issuer,
      tokenEndpoint: undefined,
      revocationEndpoint: undefined,
      clientId: idp.client.clientId,
      clientSecret: idp.client.clientSecret,
      scope: undefined,
      audience: undefined,
      apiUrl: `${api.url}/api/data`,
    },
    revokeAll: () => idp.revokeAll(),
    stats: () => ({
      tokenRequests: idp.stats().tokenRequests,
      revocations: idp.stats().revocations,
      apiUnauthorized: api.stats().unauthorized,
    }),
    close: async () => {
      await Promise.all([api.close(), idp.close()]);
    },
  };
}
