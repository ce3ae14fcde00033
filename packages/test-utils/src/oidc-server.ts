/// <reference path="./oidc-provider.d.ts" />
import { createServer } from 'node:http';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import Provider from 'oidc-provider';
import { ADMIN_PREFIX, handleAdmin } from './admin.ts';
import { createControls, type TokenCounters } from './controls.ts';
import { readBody } from './http-util.ts';
import { listen } from './listen.ts';
import { oidcConfig, resourceServerInfo } from './oidc-config.ts';
import { registerPasswordGrant } from './oidc-password-grant.ts';

/** Options of {@link startOidcServer}. */
export interface OidcServerOptions {
  /** Access-token lifetime in seconds. @default 60 */
  accessTokenTtl?: number;
  /** Refresh-token lifetime in seconds. @default 3600 */
  refreshTokenTtl?: number;
  /** Resource indicator every access token is issued for. @default 'https://api.tokenkeeper.test' */
  audience?: string;
  clientId?: string;
  clientSecret?: string;
  port?: number;
  /** DPoP: the token endpoint demands a server nonce in every proof (RFC 9449 §8). @default false */
  dpopNonce?: boolean;
  /**
   * Scopes the confidential clients may ask for besides `api`; a token asked for with
   * `scope` names the granted ones in its `scope` claim. @default none
   */
  scopes?: string[];
}

/** Counters of the OIDC server. */
export interface OidcStats extends TokenCounters {
  /** Refresh tokens saved and not yet rotated or revoked (expiry not subtracted). */
  liveRefreshTokens: number;
}

/** Handle of the in-process oidc-provider. */
export interface OidcServer {
  /** `http://127.0.0.1:<port>`, also the origin. */
  issuer: string;
  url: string;
  origin: string;
  port: number;
  tokenEndpoint: string;
  revocationEndpoint: string;
  introspectionEndpoint: string;
  /** Confidential client authenticating with `client_secret_post`. */
  client: { clientId: string; clientSecret: string };
  /** Confidential client authenticating with `client_secret_basic`. */
  basicClient: { clientId: string; clientSecret: string };
  /** Public client (`token_endpoint_auth_method: none`), password and refresh grants. */
  publicClient: { clientId: string };
  /** Confidential client authenticating with `private_key_jwt` (RFC 7523), and its ES256 private key. */
  privateKeyJwtClient: { clientId: string; privateKey: CryptoKey };
  /** Confidential client authenticating with `client_secret_jwt` (HS256). */
  secretJwtClient: { clientId: string; clientSecret: string };
  user: { username: string; password: string };
  audience: string;
  stats(): OidcStats;
  resetStats(): void;
  /** Every access token issued so far fails `verifyAccessToken`; later ones pass. */
  revokeAll(): void;
  setOutage(status: number | false): void;
  setLatencyMs(ms: number): void;
  /** Signature (provider JWKS), `iss`, `aud`, `exp`, and not revoked. Never throws. */
  verifyAccessToken(token: string): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Starts the real `oidc-provider` on 127.0.0.1 with client_credentials, password (custom) and
 * refresh_token (rotating) grants, JWT access tokens, revocation and introspection.
 *
 * @example
 * const idp = await startOidcServer({ accessTokenTtl: 2 });
 * const res = await fetch(idp.tokenEndpoint, { method: 'POST', body: new URLSearchParams({
 *   grant_type: 'client_credentials', client_id: idp.client.clientId, client_secret: idp.client.clientSecret }) });
 */
export async function startOidcServer(options: OidcServerOptions = {}): Promise<OidcServer> {
  const server = createServer();
  const listening = await listen(server, options.port ?? 0);
  const issuer = listening.origin;
  const audience = options.audience ?? 'https://api.tokenkeeper.test';
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'test-utils-rs256';
  const clientKey = await generateKeyPair('ES256');
  const jwks = createLocalJWKSet({
    keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256' }],
  });
  const input = {
    audience,
    accessTokenTtl: options.accessTokenTtl ?? 60,
    refreshTokenTtl: options.refreshTokenTtl ?? 3600,
    signingKey: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' },
    clients: {
      post: {
        clientId: options.clientId ?? 'tk-client',
        clientSecret: options.clientSecret ?? 'tk-client-secret',
      },
      basic: { clientId: 'tk-client-basic', clientSecret: 'tk-client-basic-secret' },
      publicClientId: 'tk-public',
      privateKeyJwt: {
        clientId: 'tk-client-pkjwt',
        jwks: { keys: [{ ...(await exportJWK(clientKey.publicKey)), alg: 'ES256' }] },
      },
      secretJwt: {
        clientId: 'tk-client-secret-jwt',
        clientSecret: 'tk-client-secret-jwt-0123456789abcdef0123456789abcdef',
      },
    },
    user: { username: 'alice', password: 'alice-password' },
    dpopNonce: options.dpopNonce === true,
    scopes: options.scopes,
  };
  const provider = new Provider(issuer, oidcConfig(input));
  registerPasswordGrant(provider, {
    ...input.user,
    audience,
    resourceServerInfo: resourceServerInfo(input),
  });

  const controls = createControls();
  const issued = new Set<string>();
  const revoked = new Set<string>();
  const liveRefresh = new Set<string>();
  const onIssued = (token: { jti: string }) => issued.add(token.jti);
  provider.on('access_token.issued', onIssued);
  provider.on('client_credentials.issued', onIssued);
  provider.on('refresh_token.saved', (token) => liveRefresh.add(token.jti));
  provider.on('refresh_token.consumed', (token) => liveRefresh.delete(token.jti));
  provider.on('refresh_token.destroyed', (token) => liveRefresh.delete(token.jti));

  async function verify(token: string): Promise<Record<string, unknown> | undefined> {
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer, audience, algorithms: ['RS256'] });
      return typeof payload.jti === 'string' && !revoked.has(payload.jti) ? payload : undefined;
    } catch {
      return undefined;
    }
  }

  provider.use(async (ctx, next) => {
    if (ctx.method === 'POST' && ctx.path === '/token') {
      if (controls.latencyMs > 0) await new Promise((r) => setTimeout(r, controls.latencyMs));
      if (controls.outage !== false) {
        const raw = (await readBody(ctx.req)).toString('utf8');
        controls.countTokenRequest(new URLSearchParams(raw).get('grant_type'));
        ctx.status = controls.outage;
        ctx.set('cache-control', 'no-store');
        ctx.body = { error: 'temporarily_unavailable', error_description: 'simulated outage' };
        return;
      }
      try {
        await next();
      } finally {
        controls.countTokenRequest(ctx.oidc?.params?.grant_type as string | undefined);
      }
      return;
    }
    if (ctx.method !== 'POST' || ctx.path !== '/token/revocation') return next();
    controls.counters.revocations += 1;
    await next();
    // oidc-provider refuses to revoke JWT access tokens (it keeps no record of them), so the
    // wrapper revokes them by jti after the provider has authenticated the client.
    const params = ctx.oidc?.params;
    const error = (ctx.body as { error?: string } | undefined)?.error;
    if (
      ctx.status !== 400 ||
      error !== 'unsupported_token_type' ||
      typeof params?.token !== 'string'
    )
      return;
    const payload = await verify(params.token);
    if (payload && payload.client_id === ctx.oidc?.client?.clientId)
      revoked.add(String(payload.jti));
    ctx.status = 200;
    ctx.body = '';
  });

  const handle: OidcServer = {
    issuer,
    url: listening.origin,
    origin: listening.origin,
    port: listening.port,
    tokenEndpoint: `${issuer}/token`,
    revocationEndpoint: `${issuer}/token/revocation`,
    introspectionEndpoint: `${issuer}/token/introspection`,
    client: input.clients.post,
    basicClient: input.clients.basic,
    publicClient: { clientId: input.clients.publicClientId },
    privateKeyJwtClient: {
      clientId: input.clients.privateKeyJwt.clientId,
      privateKey: clientKey.privateKey,
    },
    secretJwtClient: input.clients.secretJwt,
    user: input.user,
    audience,
    stats: () => ({
      ...controls.counters,
      byGrant: { ...controls.counters.byGrant },
      liveRefreshTokens: liveRefresh.size,
    }),
    resetStats: () => controls.resetCounters(),
    revokeAll() {
      for (const jti of issued) revoked.add(jti);
      issued.clear();
    },
    setOutage: (status) => {
      controls.outage = status;
    },
    setLatencyMs: (ms) => {
      controls.latencyMs = ms;
    },
    verifyAccessToken: async (token) => (await verify(token)) !== undefined,
    close: () => listening.close(),
  };

  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (req.url?.startsWith(ADMIN_PREFIX)) {
      handleAdmin(req, res, handle).catch(() => res.destroy());
      return;
    }
    callback(req, res);
  });
  return handle;
}
