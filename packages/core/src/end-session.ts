import type { Kit } from './kit.ts';
import type { Redactor } from './redact.ts';
import type { ClientProfile, Params } from './token-request.ts';

/** What a session is ended with: the token that names it. */
export interface SessionTokens {
  accessToken: string;
  refreshToken?: string | undefined;
}

export interface EndSessionCall {
  kind: 'keycloak' | 'revocation';
  endpoint: URL;
  client: ClientProfile;
  fetch: typeof fetch;
  timeoutMs: number;
  redact: Redactor;
}

/**
 * Ends the session behind `tokens`, authenticating as token calls do.
 * - `keycloak`: `POST …/logout` form `client_id` + `refresh_token` (the session
 *   is the refresh token's; without one there is nothing to end).
 * - `revocation`: RFC 7009 §2.1, the refresh token when there is one (which
 *   also ends its access tokens, §2.1), else the access token, with `token_type_hint`.
 *
 * An `invalid_grant` answer means the session has already ended (another
 * manager sharing the token logged it out, or it expired): the goal is met.
 *
 * @returns false when there was nothing to end.
 * @throws TokenEndpointError when the server refused or could not be reached.
 */
export async function endSession(
  kit: Kit,
  tokens: SessionTokens,
  call: EndSessionCall,
): Promise<boolean> {
  const auth = await kit.clientAuth(call.client);
  let params: Params;
  if (call.kind === 'keycloak') {
    if (!tokens.refreshToken) return false;
    params = [...auth.params, ['refresh_token', tokens.refreshToken]];
  } else {
    const [value, hint] = tokens.refreshToken
      ? [tokens.refreshToken, 'refresh_token']
      : [tokens.accessToken, 'access_token'];
    params = [['token', value], ['token_type_hint', hint], ...auth.params];
  }
  const { url, init } = kit.buildFormRequest(call.endpoint, params, auth.headers);
  const label = call.kind === 'keycloak' ? 'Logout endpoint' : 'Revocation endpoint';
  const response = await kit.httpCall({
    url,
    init,
    fetch: call.fetch,
    timeoutMs: call.timeoutMs,
    label,
    redact: call.redact,
  });
  const failure = kit.readOAuthError(label, response, kit.parseJson(response.body), call.redact);
  if (!failure) return true;
  if (failure.error === 'invalid_grant') return true;
  throw failure;
}
