import type { TokenSet } from '@tokenkeeper/core';

/** A token set and the time (epoch ms) its entry expires, from the `ttlMs` given to `set()`. */
export interface Entry {
  token: TokenSet;
  until: number;
}

/**
 * What the tabs say to each other on a key's channel (protocol 1). Every message
 * names its sender (`from`, a random id per store and tab); the key is the
 * channel's, never part of the message.
 */
export type TabMessage =
  /** "Tell me what you hold": every other tab answers with `state`. */
  | { type: 'sync'; from: string; id: string }
  /** The answer to `sync` `id`: the sender's entry (`null`: none) and the newest deletion it knows. */
  | { type: 'state'; from: string; id: string; entry: Entry | null; deletedUpTo: number }
  /** The sender stored a token set. */
  | { type: 'set'; from: string; entry: Entry }
  /** The sender deleted the entry: token sets issued at or before `upTo` are gone. */
  | { type: 'delete'; from: string; upTo: number }
  /** The sender closed its store. */
  | { type: 'bye'; from: string };

/** Marks our messages: anything on the channel without it is someone else's and ignored. */
export const PROTOCOL = 'tokenkeeper/1';

// Core caps a token response at 1 MiB; nothing longer can be a token it issued.
const MAX_TOKEN_LENGTH = 1_048_576;
// Visible ASCII, no space: everything an `Authorization` header value may carry safely.
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
// RFC 6749 Appendix A: VSCHAR, visible ASCII and space.
const VSCHARS = /^[\x20-\x7e]+$/;
const MAX_ID_LENGTH = 64;

/** Builds the wire form of `message` (its token set is already a plain copy: see {@link parseTokenSet}). */
export function encodeMessage(message: TabMessage): Record<string, unknown> {
  return { ...message, protocol: PROTOCOL };
}

/**
 * Reads a message that arrived on a channel. Another script of the origin can
 * post anything there, so every field is checked; a message that is not exactly
 * one of ours gives `undefined` and is ignored.
 */
export function parseMessage(data: unknown): TabMessage | undefined {
  if (!isRecord(data) || data.protocol !== PROTOCOL || !isId(data.from)) return undefined;
  const from = data.from;
  switch (data.type) {
    case 'sync':
      return isId(data.id) ? { type: 'sync', from, id: data.id } : undefined;
    case 'state': {
      const entry = data.entry === null ? null : parseEntry(data.entry);
      if (!isId(data.id) || entry === undefined || !isTime(data.deletedUpTo)) return undefined;
      return { type: 'state', from, id: data.id, entry, deletedUpTo: data.deletedUpTo };
    }
    case 'set': {
      const entry = parseEntry(data.entry);
      return entry ? { type: 'set', from, entry } : undefined;
    }
    case 'delete':
      return isTime(data.upTo) ? { type: 'delete', from, upTo: data.upTo } : undefined;
    case 'bye':
      return { type: 'bye', from };
    default:
      return undefined;
  }
}

function parseEntry(value: unknown): Entry | undefined {
  if (!isRecord(value) || !isTime(value.until)) return undefined;
  const token = parseTokenSet(value.token);
  return token ? { token, until: value.until } : undefined;
}

/**
 * Checks that `value` has the shape of a core `TokenSet` and returns a plain
 * copy: `accessToken` a non-empty string of visible ASCII (what a header can
 * carry), `tokenType` `'Bearer'` or `'DPoP'`, `expiresAt` and `issuedAt` finite
 * numbers (epoch ms), `refreshToken` absent or a non-empty string of RFC 6749
 * VSCHARs, `refreshExpiresAt` absent or finite, `scope` absent or a string,
 * `sessionId` absent or a non-empty string, `raw` an object. Other fields are
 * kept when they hold a string, a finite number or a boolean (so fields a newer
 * core adds travel too), and dropped otherwise. Anything else: `undefined`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
export function parseTokenSet(value: unknown): TokenSet | undefined {
  if (!isRecord(value)) return undefined;
  const { accessToken, tokenType, expiresAt, issuedAt, refreshToken, refreshExpiresAt, scope } =
    value;
  const { sessionId, raw } = value;
  if (!isText(accessToken, VISIBLE_ASCII)) return undefined;
  if (tokenType !== 'Bearer' && tokenType !== 'DPoP') return undefined;
  if (!isTime(expiresAt) || !isTime(issuedAt)) return undefined;
  if (refreshToken !== undefined && !isText(refreshToken, VSCHARS)) return undefined;
  if (refreshExpiresAt !== undefined && !isTime(refreshExpiresAt)) return undefined;
  if (scope !== undefined && !(typeof scope === 'string' && scope.length <= MAX_TOKEN_LENGTH)) {
    return undefined;
  }
  if (sessionId !== undefined && !isText(sessionId, VSCHARS)) return undefined;
  if (!isRecord(raw) || Array.isArray(raw)) return undefined;
  const extras: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    if (!KNOWN_FIELDS.has(name) && isPlainValue(field)) extras[name] = field;
  }
  if (sessionId !== undefined) extras.sessionId = sessionId;
  return {
    ...extras,
    accessToken,
    // Core's type widens to 'Bearer' | 'DPoP' with DPoP support (wave 2 of the spec).
    tokenType: tokenType as TokenSet['tokenType'],
    expiresAt,
    issuedAt,
    refreshToken,
    refreshExpiresAt,
    scope,
    raw,
  };
}

const KNOWN_FIELDS = new Set([
  'accessToken',
  'tokenType',
  'expiresAt',
  'issuedAt',
  'refreshToken',
  'refreshExpiresAt',
  'scope',
  'sessionId',
  'raw',
]);

function isPlainValue(value: unknown): boolean {
  return (
    (typeof value === 'string' && value.length <= MAX_TOKEN_LENGTH) ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isText(value: unknown, chars: RegExp): value is string {
  return typeof value === 'string' && value.length <= MAX_TOKEN_LENGTH && chars.test(value);
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}
