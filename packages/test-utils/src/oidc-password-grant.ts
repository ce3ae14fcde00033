/// <reference path="./oidc-provider.d.ts" />
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';

/** What the password grant needs to know. */
export interface PasswordGrantOptions {
  username: string;
  password: string;
  /** Resource indicator the tokens are issued for. */
  audience: string;
  /** Resource server info, as `getResourceServerInfo` returns it for `audience`. */
  resourceServerInfo: object;
}

/** Scope the tokens carry; the only scope the test resource server defines. */
export const API_SCOPE = 'api';

/**
 * Registers the RFC 6749 §4.3 password grant, which oidc-provider does not ship.
 * It creates a real `Grant` and saves a `RefreshToken` bound to it, so the provider's own
 * `refresh_token` grant (with rotation) accepts that refresh token afterwards.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3
 */
export function registerPasswordGrant(provider: Provider, options: PasswordGrantOptions): void {
  const { audience } = options;
  provider.registerGrantType(
    'password',
    async (ctx) => {
      const { params, client } = ctx.oidc;
      if (!params.username || !params.password) {
        throw new errors.InvalidRequest('missing required parameter(s) (username, password)');
      }
      if (params.username !== options.username || params.password !== options.password) {
        throw new errors.InvalidGrant('invalid resource owner credentials');
      }
      if (params.resource && params.resource !== audience) throw new errors.InvalidTarget();

      const accountId = params.username;
      const grant = new provider.Grant({ accountId, clientId: client.clientId });
      grant.addOIDCScope('offline_access');
      grant.addResourceScope(audience, API_SCOPE);
      const grantId = await grant.save();

      const accessToken = new provider.AccessToken({
        accountId,
        client,
        grantId,
        gty: 'password',
        scope: API_SCOPE,
      });
      // A resource server makes the provider format the access token as a JWT for that audience.
      accessToken.resourceServer = new provider.ResourceServer(
        audience,
        options.resourceServerInfo,
      );
      const refreshToken = new provider.RefreshToken({
        accountId,
        client,
        grantId,
        gty: 'password',
        scope: API_SCOPE,
        resource: audience,
        rotations: 0,
      });

      ctx.body = {
        access_token: await accessToken.save(),
        expires_in: accessToken.expiration,
        refresh_token: await refreshToken.save(),
        scope: API_SCOPE,
        token_type: 'Bearer',
      };
    },
    ['username', 'password', 'scope', 'resource'],
    ['resource'],
  );
}
