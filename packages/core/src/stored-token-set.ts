import type { TokenSet } from './token-set.ts';

/** What an `Authorization` header can carry: visible ASCII only (RFC 6750 §2.1), so no header injection. */
export const HEADER_SAFE_TOKEN = /^[\x21-\x7E]+$/;

const isTime = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isOptional = (value: unknown, check: (v: unknown) => boolean) =>
  value === undefined || check(value);
const isText = (value: unknown) => typeof value === 'string' && value.length > 0;

/**
 * True when a store's entry is a token set the manager can hand out, by the rules the token
 * parser applies to the token endpoint: a store is a boundary too (users write stores, and
 * what a shared one holds may come from another version or be tampered with). Anything else
 * is read as a miss, and the next token overwrites it.
 */
export function isUsableTokenSet(value: unknown, dpop: boolean): value is TokenSet {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.accessToken === 'string' &&
    HEADER_SAFE_TOKEN.test(entry.accessToken) &&
    (entry.tokenType === 'Bearer' || (dpop && entry.tokenType === 'DPoP')) &&
    isTime(entry.expiresAt) &&
    isTime(entry.issuedAt) &&
    isOptional(entry.refreshToken, isText) &&
    isOptional(entry.refreshExpiresAt, isTime) &&
    isOptional(entry.scope, (v) => typeof v === 'string') &&
    isOptional(entry.sessionId, isText) &&
    typeof entry.raw === 'object' &&
    entry.raw !== null
  );
}
