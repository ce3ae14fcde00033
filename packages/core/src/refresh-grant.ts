import type { Kit } from './kit.ts';
import type { ObtainContext } from './obtain-token.ts';
import type { TokenRequest } from './token-endpoint-client.ts';
import type { TokenSet } from './token-set.ts';

/**
 * The refresh-token grant (RFC 6749 §6), loaded by the first manager that holds a refresh
 * token: `request` sends one token request to the set's endpoint, with `source`'s refresh token (the newest of the session) for the set `base` belongs
 * to. `undefined` when there is none to use, or the server refused it: then the primary grant.
 *
 * @throws TokenEndpointError when the configured refresh token (the `refresh_token` grant) is refused.
 */
export async function refreshToken(
  kit: Kit,
  request: (request: TokenRequest) => Promise<TokenSet>,
  source: TokenSet | undefined,
  base: TokenSet | undefined,
  context: ObtainContext,
): Promise<TokenSet | undefined> {
  const { grant, deadRefreshTokens, emit } = context;
  const configured = grant.type === 'refresh_token';
  const refreshToken = source?.refreshToken ?? (configured ? grant.refreshToken : undefined);
  const usable = configured || !source?.refreshExpiresAt || Date.now() < source.refreshExpiresAt;
  if (refreshToken && usable && !deadRefreshTokens.has(refreshToken)) {
    const startedAt = Date.now();
    try {
      const token = await request({
        grant: [
          ['grant_type', 'refresh_token'],
          ['refresh_token', refreshToken],
        ],
        // Keeps the session and refresh token; the scope only when it is this set's own.
        previous: source && { ...source, scope: base?.scope },
        withTokenParams: !context.isDefaultSet,
      });
      context.sessions.note(token, false);
      emit({
        type: base ? 'token_refreshed' : 'token_acquired',
        grant: 'refresh_token',
        expiresAt: token.expiresAt,
        durationMs: Date.now() - startedAt,
      });
      return token;
    } catch (error) {
      // A refresh answered 400 or 401, whatever the body (some servers send none, RFC 6749
      // §5.2 says invalid_grant), means the refresh token is dead: never send it again.
      const status = error instanceof kit.TokenEndpointError ? error.status : undefined;
      if ((status !== 400 && status !== 401) || context.signal.aborted) throw error;
      deadRefreshTokens.add(refreshToken);
      if (configured) throw error;
      emit({ type: 'refresh_token_rejected' });
    }
  }
  if (configured) {
    throw new kit.TokenEndpointError(
      'The configured refresh token was refused; it is not sent again',
      {
        status: 400,
        error: 'invalid_grant',
      },
    );
  }
  return undefined;
}
