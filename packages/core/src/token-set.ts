/**
 * A token the manager holds. Times are epoch milliseconds on the local clock
 * (already corrected for the server's clock skew).
 */
export interface TokenSet {
  /** The token to put in `Authorization: <tokenType> …`. */
  readonly accessToken: string;
  /**
   * `'Bearer'`, or `'DPoP'` when the manager has `dpop` on and the server bound the token to its key
   * (RFC 9449 §5): the server's `token_type` is compared case-insensitively and normalised.
   */
  readonly tokenType: 'Bearer' | 'DPoP';
  /** When the access token stops being valid, epoch ms: the earlier of `expires_in` and the JWT `exp`. */
  readonly expiresAt: number;
  /** The refresh token, when the server issued one (or a rotated one replaced it). */
  readonly refreshToken?: string | undefined;
  /** When the refresh token stops being valid, epoch ms, when the server said (`refresh_expires_in`). */
  readonly refreshExpiresAt?: number | undefined;
  /** The granted scope, when the server said. */
  readonly scope?: string | undefined;
  /** When this token set was received, epoch ms. */
  readonly issuedAt: number;
  /**
   * A random id tokenkeeper gives the session a primary-grant login opened; refreshes keep it.
   * Managers sharing a store tell a sibling's refresh of the same session from another login by it.
   */
  readonly sessionId?: string | undefined;
  /** The token response as the server sent it (contains the tokens: do not log it). */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** How long the access token of `token` lives in total, in ms. */
export function lifetimeOf(token: TokenSet): number {
  return Math.max(0, token.expiresAt - token.issuedAt);
}
