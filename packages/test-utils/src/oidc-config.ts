/// <reference path="./oidc-provider.d.ts" />
import type { JWK } from 'jose';
import { errors } from 'oidc-provider';
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';
import { API_SCOPE } from './oidc-password-grant.ts';

/** Inputs of the provider configuration. */
export interface OidcConfigInput {
  audience: string;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  signingKey: JWK;
  clients: {
    post: { clientId: string; clientSecret: string };
    basic: { clientId: string; clientSecret: string };
    publicClientId: string;
    /** `private_key_jwt`: the client's public JWK set. */
    privateKeyJwt: { clientId: string; jwks: { keys: JWK[] } };
    /** `client_secret_jwt` (HS256 with the secret). */
    secretJwt: { clientId: string; clientSecret: string };
  };
  user: { username: string; password: string };
  /** DPoP: the token endpoint demands a server nonce in every proof (RFC 9449 §8). */
  dpopNonce?: boolean;
  /** Scopes the confidential clients may ask for besides `api` (a token names those granted in `scope`). */
  scopes?: string[] | undefined;
}

/**
 * The provider's own in-memory adapter under another name: using it directly prints a
 * "development-only adapter" warning in every test run, and memory is exactly what tests want.
 */
class TestAdapter extends MemoryAdapter {}

/** Resource server info of the one API, shared by the config and the password grant. */
export function resourceServerInfo(input: OidcConfigInput) {
  return {
    scope: [API_SCOPE, ...(input.scopes ?? [])].join(' '),
    audience: input.audience,
    accessTokenTTL: input.accessTokenTtl,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  };
}

/** The oidc-provider configuration: three clients, JWT access tokens, rotation, revocation. */
export function oidcConfig(input: OidcConfigInput): object {
  const { audience, accessTokenTtl, refreshTokenTtl, clients, user } = input;
  const extraScopes = input.scopes ?? [];
  const confidential = {
    grant_types: ['client_credentials', 'refresh_token', 'password'],
    response_types: [],
    redirect_uris: [],
    scope: ['offline_access', API_SCOPE, ...extraScopes].join(' '),
  };
  return {
    adapter: TestAdapter,
    clients: [
      {
        ...confidential,
        client_id: clients.post.clientId,
        client_secret: clients.post.clientSecret,
        token_endpoint_auth_method: 'client_secret_post',
      },
      {
        ...confidential,
        client_id: clients.basic.clientId,
        client_secret: clients.basic.clientSecret,
        token_endpoint_auth_method: 'client_secret_basic',
      },
      {
        ...confidential,
        client_id: clients.privateKeyJwt.clientId,
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: clients.privateKeyJwt.jwks,
      },
      {
        ...confidential,
        client_id: clients.secretJwt.clientId,
        client_secret: clients.secretJwt.clientSecret,
        token_endpoint_auth_method: 'client_secret_jwt',
      },
      {
        client_id: clients.publicClientId,
        token_endpoint_auth_method: 'none',
        grant_types: ['password', 'refresh_token'],
        response_types: [],
        redirect_uris: [],
        scope: `offline_access ${API_SCOPE}`,
      },
    ],
    jwks: { keys: [input.signingKey] },
    cookies: { keys: ['tokenkeeper-test-utils'] },
    scopes: ['openid', 'offline_access', API_SCOPE, ...extraScopes],
    features: {
      devInteractions: { enabled: false },
      dPoP: {
        enabled: true,
        ...(input.dpopNonce ? { nonceSecret: Buffer.alloc(32, 7), requireNonce: () => true } : {}),
      },
      clientCredentials: { enabled: true },
      revocation: {
        enabled: true,
        // RFC 7009 §2.1: a client may revoke only its own tokens.
        allowedPolicy: async (
          _ctx: unknown,
          client: { clientId: string },
          token: { clientId?: string },
        ) => token.clientId === client.clientId,
      },
      introspection: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx: unknown, _client: unknown, oneOf?: string[]) =>
          oneOf ?? audience,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, resource: string) => {
          if (resource !== audience) throw new errors.InvalidTarget();
          return resourceServerInfo(input);
        },
      },
    },
    rotateRefreshToken: true,
    ttl: {
      AccessToken: accessTokenTtl,
      ClientCredentials: accessTokenTtl,
      RefreshToken: refreshTokenTtl,
      Grant: Math.max(refreshTokenTtl, 3600),
      Session: 3600,
      Interaction: 600,
    },
    findAccount: async (_ctx: unknown, accountId: string) =>
      accountId === user.username
        ? { accountId, claims: async () => ({ sub: accountId }) }
        : undefined,
  };
}
