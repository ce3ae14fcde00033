import type { TokenSet } from '@tokenkeeper/core';

/** A token set as the manager would hold it, with secrets easy to search for. */
export function sampleToken(overrides: Partial<TokenSet> = {}): TokenSet {
  const now = Date.now();
  return {
    accessToken: 'access-SECRET-1234',
    tokenType: 'Bearer',
    expiresAt: now + 60_000,
    refreshToken: 'refresh-SECRET-5678',
    refreshExpiresAt: now + 1_800_000,
    scope: 'read write',
    issuedAt: now,
    raw: { access_token: 'access-SECRET-1234', token_type: 'bearer', expires_in: 60 },
    ...overrides,
  };
}

/** A flight key shaped like core's, with a user name and a client id in it. */
export const FLIGHT_KEY = JSON.stringify([
  'tokenkeeper/1',
  'https://idp.example.com/oauth/token',
  'client-SECRETLESS-id',
  'password:alice',
  'read write',
  null,
  null,
  null,
]);
