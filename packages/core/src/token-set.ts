/**
 * A token the manager holds. Times are epoch milliseconds on the local clock
 * (already corrected for the server's clock skew).
 */
export interface TokenSet {
  /** The bearer token to put in `Authorization: Bearer …`. */
  readonly accessToken: string;
  /** Always exactly `'Bearer'`: the server's `token_type` is compared case-insensitively and normalised. */
  readonly tokenType: 'Bearer';
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
  /** The token response as the server sent it (contains the tokens: do not log it). */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** How long the access token of `token` lives in total, in ms. */
export function lifetimeOf(token: TokenSet): number {
  return Math.max(0, token.expiresAt - token.issuedAt);
}
