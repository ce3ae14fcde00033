import { startSeedFixture } from './fixtures/seed-fixture.ts';
import { startOidcServer } from './oidc-server.ts';
import { startResourceServer } from './resource-server.ts';

/** Which token server `serve` starts. */
export type ServeKind = 'oidc' | 'query' | 'auth0' | 'keycloak';

/** The JSON line `serve.ts` prints: everything a child process needs to reach the servers. */
export interface ServeInfo {
  kind: ServeKind;
  /** Token server origin; its `/__admin/*` routes drive outage, latency, revoke-all and stats. */
  url: string;
  issuer: string;
  tokenEndpoint: string;
  revocationEndpoint?: string;
  logoutEndpoint?: string;
  clientId: string;
  clientSecret?: string;
  audience?: string;
  username?: string;
  password?: string;
  realm?: string;
  /** Extra OIDC clients: `client_secret_basic` and public. */
  basicClient?: { clientId: string; clientSecret: string };
  publicClientId?: string;
  /** Protected API origin (also serves `/__admin/stats` and `/__admin/mode`). */
  resourceUrl: string;
  ttl: number;
}

/**
 * Starts a token server of `kind` plus a resource server that trusts it.
 *
 * @example
 * const { info, close } = await startServe('keycloak', { ttl: 5 });
 */
export async function startServe(
  kind: ServeKind,
  options: { ttl?: number; port?: number } = {},
): Promise<{ info: ServeInfo; close(): Promise<void> }> {
  const ttl = options.ttl ?? 60;
  const port = options.port ?? 0;
  let info: Omit<ServeInfo, 'resourceUrl'>;
  let verify: (token: string) => Promise<boolean>;
  let closeTokenServer: () => Promise<void>;

  if (kind === 'oidc') {
    const s = await startOidcServer({ accessTokenTtl: ttl, port });
    info = {
      kind,
      url: s.url,
      issuer: s.issuer,
      tokenEndpoint: s.tokenEndpoint,
      revocationEndpoint: s.revocationEndpoint,
      ...s.client,
      audience: s.audience,
      ...s.user,
      basicClient: s.basicClient,
      publicClientId: s.publicClient.clientId,
      ttl,
    };
    ({ verifyAccessToken: verify, close: closeTokenServer } = s);
  } else if (kind === 'query') {
    const s = await startSeedFixture('query', { ttl, port });
    info = {
      kind,
      url: s.url,
      issuer: s.issuer,
      tokenEndpoint: s.tokenEndpoint,
      clientId: s.clientId,
      clientSecret: s.clientSecret,
      ttl,
    };
    ({ verifyAccessToken: verify, close: closeTokenServer } = s);
  } else if (kind === 'auth0') {
    const s = await startSeedFixture('auth0', { ttl, port });
    info = {
      kind,
      url: s.url,
      issuer: s.issuer,
      tokenEndpoint: s.tokenEndpoint,
      revocationEndpoint: s.revocationEndpoint,
      clientId: s.clientId,
      clientSecret: s.clientSecret,
      audience: s.audience,
      ttl,
    };
    ({ verifyAccessToken: verify, close: closeTokenServer } = s);
  } else if (kind === 'keycloak') {
    const s = await startSeedFixture('keycloak', { ttl, port });
    info = {
      kind,
      url: s.url,
      issuer: s.issuer,
      tokenEndpoint: s.tokenEndpoint,
      logoutEndpoint: s.logoutEndpoint,
      clientId: s.clientId,
      username: s.username,
      password: s.password,
      realm: s.realm,
      ttl,
    };
    ({ verifyAccessToken: verify, close: closeTokenServer } = s);
  } else {
    throw new TypeError(`Unknown server kind: ${String(kind)}`);
  }

  const api = await startResourceServer({ verify });
  return {
    info: { ...info, resourceUrl: api.url },
    close: async () => {
      await Promise.all([api.close(), closeTokenServer()]);
    },
  };
}
