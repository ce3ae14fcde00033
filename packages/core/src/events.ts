/**
 * What a manager tells `onEvent`. No payload holds a token, a secret, or a URL
 * with a query string: they are safe to log as they are.
 */
export type TokenManagerEvent =
  | {
      type: 'token_acquired';
      /** The grant that produced the token (`refresh_token` for a refresh). */
      grant: string;
      expiresAt: number;
      durationMs: number;
    }
  | { type: 'token_refreshed'; grant: string; expiresAt: number; durationMs: number }
  /** A token another manager put in the shared store was taken up instead of asking the server. */
  | { type: 'token_from_store'; expiresAt: number }
  | { type: 'token_request_retry'; attempt: number; status: number | undefined; delayMs: number }
  | {
      type: 'refresh_failed';
      code: string;
      status: number | undefined;
      error: string | undefined;
      background: boolean;
    }
  /** The refresh token was refused (`invalid_grant`): falling back to the primary grant once. */
  | { type: 'refresh_token_rejected' }
  | { type: 'token_invalidated' }
  | { type: 'logged_out'; kind: 'keycloak' | 'revocation' }
  | { type: 'logout_failed'; kind: 'keycloak' | 'revocation'; status: number | undefined }
  | { type: 'store_unavailable'; operation: string; message: string }
  | { type: 'store_recovered' }
  | { type: 'disposed' };

export type TokenManagerEventType = TokenManagerEvent['type'];
