import type { TokenSet } from '@tokenkeeper/core';

let counter = 0;

/** A token set as core builds one, issued now (or at `issuedAt`), living `lifetimeMs`. */
export function tokenSet(overrides: Partial<Record<keyof TokenSet, unknown>> = {}): TokenSet {
  counter += 1;
  const issuedAt = (overrides.issuedAt as number | undefined) ?? Date.now();
  return {
    accessToken: `access-${counter}.${issuedAt}`,
    tokenType: 'Bearer',
    expiresAt: issuedAt + 60_000,
    refreshToken: `refresh-${counter}`,
    refreshExpiresAt: issuedAt + 1_800_000,
    scope: 'openid',
    issuedAt,
    raw: { access_token: `access-${counter}`, token_type: 'bearer', expires_in: 60 },
    ...overrides,
  } as TokenSet;
}

/** Resolves after `ms`. */
export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A key unique to one test, so tests never hear each other's channels. */
export function uniqueKey(name: string): string {
  counter += 1;
  return `https://idp.test/token|client|${name}|${counter}|${Math.random()}`;
}
