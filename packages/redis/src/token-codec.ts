import type { TokenSet } from '@tokenkeeper/core';
import { createTokenCipher, type EncryptionKey } from './token-cipher.ts';

/** Turns token sets into Redis values and back. */
export interface TokenCodec {
  encode(token: TokenSet, redisKey: string): Promise<string>;
  /** The token set in `value`, or `undefined` for anything corrupt, altered, foreign or undecryptable. */
  decode(value: string, redisKey: string): Promise<TokenSet | undefined>;
}

// Format 1. Plain: {"v":1,"token":{…}}. Encrypted: {"v":1,"alg":"A256GCM","data":"<base64>"}.
const VERSION = 1;
const ALG = 'A256GCM';

/**
 * Serialises a token set as versioned JSON, sealed with AES-256-GCM when
 * `encryptionKey` is given. Reading is strict: a value that is not this format,
 * a plain entry when a key is configured (no silent downgrade), a sealed one
 * without a key, or a token set with a missing or mistyped field reads as
 * `undefined` — the manager then refreshes and overwrites it.
 *
 * @example
 * const codec = createTokenCodec(undefined);
 * const value = await codec.encode(token, key);
 */
export function createTokenCodec(encryptionKey: EncryptionKey | undefined): TokenCodec {
  const cipher = encryptionKey ? createTokenCipher(encryptionKey) : undefined;
  return {
    async encode(token, redisKey) {
      const plain = JSON.stringify(toPlain(token));
      if (!cipher) return `{"v":${VERSION},"token":${plain}}`;
      return JSON.stringify({ v: VERSION, alg: ALG, data: await cipher.seal(plain, redisKey) });
    },
    async decode(value, redisKey) {
      const entry = parseObject(value);
      if (entry?.v !== VERSION) return undefined;
      if (!cipher) return entry.alg === undefined ? readTokenSet(entry.token) : undefined;
      if (entry.alg !== ALG || typeof entry.data !== 'string') return undefined;
      const opened = await cipher.open(entry.data, redisKey);
      return opened === undefined ? undefined : readTokenSet(parseObject(opened));
    },
  };
}

function toPlain(token: TokenSet): Record<string, unknown> {
  return {
    accessToken: token.accessToken,
    tokenType: token.tokenType,
    expiresAt: token.expiresAt,
    refreshToken: token.refreshToken,
    refreshExpiresAt: token.refreshExpiresAt,
    scope: token.scope,
    issuedAt: token.issuedAt,
    sessionId: token.sessionId,
    raw: token.raw,
  };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isTime = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;
const optional = <T>(value: unknown, check: (v: unknown) => v is T): value is T | undefined =>
  value === undefined || check(value);
const isString = (value: unknown): value is string => typeof value === 'string';

/** The one place a stored value becomes a TokenSet: every field checked, nothing else kept. */
function readTokenSet(value: unknown): TokenSet | undefined {
  if (!isRecord(value)) return undefined;
  const {
    accessToken,
    tokenType,
    expiresAt,
    refreshToken,
    refreshExpiresAt,
    scope,
    issuedAt,
    sessionId,
    raw,
  } = value;
  if (
    typeof accessToken !== 'string' ||
    accessToken === '' ||
    (tokenType !== 'Bearer' && tokenType !== 'DPoP') ||
    !isTime(expiresAt) ||
    !isTime(issuedAt) ||
    !optional(refreshToken, isString) ||
    refreshToken === '' ||
    !optional(refreshExpiresAt, isTime) ||
    !optional(scope, isString) ||
    !optional(sessionId, isString) ||
    !isRecord(raw)
  ) {
    return undefined;
  }
  return {
    accessToken,
    tokenType,
    expiresAt,
    refreshToken,
    refreshExpiresAt,
    scope,
    issuedAt,
    sessionId,
    raw,
  };
}
