import { TokenEndpointError } from './errors.ts';
import { httpCall } from './http-call.ts';
import { parseTokenResponse } from './parse-token-response.ts';
import type { Redactor } from './redact.ts';
import { buildFormRequest, type ClientProfile, clientAuth, type Params } from './token-request.ts';
import type { TokenSet } from './token-set.ts';

export interface LogoutCall {
  kind: 'keycloak' | 'revocation';
  endpoint: URL;
  client: ClientProfile;
  fetch: typeof fetch;
  timeoutMs: number;
  redact: Redactor;
}

/**
 * Ends the session behind `token`, authenticating as token calls do.
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
export async function endSession(token: TokenSet, call: LogoutCall): Promise<boolean> {
  const auth = clientAuth(call.client);
  let params: Params;
  if (call.kind === 'keycloak') {
    if (!token.refreshToken) return false;
    params = [...auth.params, ['refresh_token', token.refreshToken]];
  } else {
    const [value, hint] = token.refreshToken
      ? [token.refreshToken, 'refresh_token']
      : [token.accessToken, 'access_token'];
    params = [['token', value], ['token_type_hint', hint], ...auth.params];
  }
  const { url, init } = buildFormRequest(call.endpoint, params, auth.headers);
  const label = call.kind === 'keycloak' ? 'Logout endpoint' : 'Revocation endpoint';
  const response = await httpCall({
    url,
    init,
    fetch: call.fetch,
    timeoutMs: call.timeoutMs,
    label,
    redact: call.redact,
  });
  if (response.status >= 200 && response.status < 300) return true;
  try {
    // Reuses the OAuth error reading of token responses (RFC 7009 §2.2.1 uses the same body).
    parseTokenResponse(response, { sentAt: 0, defaultLifetimeMs: 0, redact: call.redact });
  } catch (error) {
    if (error instanceof TokenEndpointError) {
      if (error.error === 'invalid_grant') return true;
      throw relabel(error, label);
    }
  }
  throw new TokenEndpointError(`${label} answered HTTP ${response.status}`, {
    status: response.status,
  });
}

function relabel(error: TokenEndpointError, label: string): TokenEndpointError {
  return new TokenEndpointError(error.message.replace('Token endpoint', label), error);
}
