import type { Kit } from './kit.ts';
import type { TokenSet } from './token-set.ts';

// `Number.isFinite` is false for anything that is not a number: no `typeof` needed.
const isTime = (value: unknown) => Number.isFinite(value) && (value as number) >= 0;
// Absent, or a string (a non-empty one unless `empty` is allowed).
const isOptionalText = (value: unknown, empty?: boolean) =>
  value === undefined || (typeof value === 'string' && (empty || value !== ''));

/**
 * True when a store's entry is a token set the manager can hand out, by the rules the token
 * parser applies to the token endpoint: a store is a boundary too (users write stores, and
 * what a shared one holds may come from another version or be tampered with). Anything else
 * is read as a miss, and the next token overwrites it. Loaded with the store guard.
 */
export function isUsableTokenSet(kit: Kit, value: unknown, dpop: boolean): value is TokenSet {
  const { isRecord } = kit;
  return (
    isRecord(value) &&
    typeof value.accessToken === 'string' &&
    kit.HEADER_SAFE_TOKEN.test(value.accessToken) &&
    (value.tokenType === 'Bearer' || (dpop && value.tokenType === 'DPoP')) &&
    isTime(value.expiresAt) &&
    isTime(value.issuedAt) &&
    isOptionalText(value.refreshToken) &&
    (value.refreshExpiresAt === undefined || isTime(value.refreshExpiresAt)) &&
    isOptionalText(value.scope, true) &&
    isOptionalText(value.sessionId) &&
    // The parser only ever stores a JSON object here.
    isRecord(value.raw)
  );
}
