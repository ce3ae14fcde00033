import type { TokenKeeperErrorCode } from './errors.ts';
import type { Challenge } from './www-authenticate.ts';

/**
 * What a manager tells `onEvent`. No payload holds a token, a secret, or a URL
 * with a query string: they are safe to log as they are. `set`, where present,
 * names the token set (a hash of its flight key) the event is about.
 */
export type TokenManagerEvent =
  | {
      type: 'token_acquired';
      set?: string;
      /** The grant that produced the token (`refresh_token` for a refresh). */
      grant: string;
      expiresAt: number;
      durationMs: number;
    }
  | { type: 'token_refreshed'; set?: string; grant: string; expiresAt: number; durationMs: number }
  /** A token another manager put in the shared store was taken up instead of asking the server. */
  | { type: 'token_from_store'; set?: string; expiresAt: number }
  | { type: 'token_request_retry'; attempt: number; status: number | undefined; delayMs: number }
  | {
      type: 'refresh_failed';
      set?: string;
      code: TokenKeeperErrorCode;
      status: number | undefined;
      error: string | undefined;
      background: boolean;
    }
  /** The refresh token was refused (400 or 401): it is dropped, and the primary grant is used once. */
  | { type: 'refresh_token_rejected'; set?: string }
  /** A resource server refused the token (a 401); `challenge` is its parsed `WWW-Authenticate`, when it sent one. */
  | { type: 'token_invalidated'; set?: string; challenge?: Challenge | undefined }
  | { type: 'logged_out'; kind: 'keycloak' | 'revocation' }
  | { type: 'logout_failed'; kind: 'keycloak' | 'revocation'; status: number | undefined }
  | { type: 'store_unavailable'; operation: string; message: string }
  | { type: 'store_recovered' }
  | { type: 'disposed' };

export type TokenManagerEventType = TokenManagerEvent['type'];
