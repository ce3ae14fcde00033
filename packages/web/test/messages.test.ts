import { describe, expect, it } from 'vitest';
import { encodeMessage, PROTOCOL, parseMessage, parseTokenSet } from '../src/messages.ts';
import { tokenSet } from './helpers/token-sets.ts';

describe('parseTokenSet', () => {
  it('accepts a token set as core builds one and returns a plain copy of it', () => {
    const token = tokenSet();
    const parsed = parseTokenSet(token);
    expect(parsed).toEqual(token);
    expect(parsed).not.toBe(token);
  });

  it('accepts DPoP-bound token sets and ones without the optional fields', () => {
    const { refreshToken, refreshExpiresAt, scope, ...bare } = tokenSet({ tokenType: 'DPoP' });
    expect(parseTokenSet(bare)).toMatchObject({ tokenType: 'DPoP', refreshToken: undefined });
  });

  it.each([
    ['an empty access token', { accessToken: '' }],
    ['an access token with a space', { accessToken: 'abc def' }],
    ['an access token with a line break', { accessToken: 'abc\r\nX-Injected: 1' }],
    ['an access token beyond ASCII', { accessToken: 'abcé' }],
    ['a numeric access token', { accessToken: 42 }],
    ['a lower-case token type', { tokenType: 'bearer' }],
    ['another token type', { tokenType: 'MAC' }],
    ['expiresAt as a string', { expiresAt: String(Date.now()) }],
    ['expiresAt NaN', { expiresAt: Number.NaN }],
    ['expiresAt Infinity', { expiresAt: Number.POSITIVE_INFINITY }],
    ['issuedAt missing', { issuedAt: undefined }],
    ['a negative issuedAt', { issuedAt: -1 }],
    ['an empty refresh token', { refreshToken: '' }],
    ['a refresh token with a control character', { refreshToken: 'a\u0000b' }],
    ['refreshExpiresAt as a string', { refreshExpiresAt: 'soon' }],
    ['a numeric scope', { scope: 1 }],
    ['an empty session id', { sessionId: '' }],
    ['raw missing', { raw: undefined }],
    ['raw as an array', { raw: [] }],
    ['raw as a string', { raw: '{}' }],
  ])('rejects a token set with %s', (_, overrides) => {
    expect(parseTokenSet(tokenSet(overrides))).toBeUndefined();
  });

  it('rejects what is no object at all', () => {
    for (const value of [undefined, null, 'token', 42, true]) {
      expect(parseTokenSet(value)).toBeUndefined();
    }
  });

  it('keeps fields a newer core may add when they are plain values, and drops the rest', () => {
    const parsed = parseTokenSet({
      ...tokenSet(),
      sessionId: 'session-1',
      generation: 3,
      bound: true,
      nested: { a: 1 },
      run: () => 1,
    }) as unknown as Record<string, unknown>;
    expect(parsed).toMatchObject({ sessionId: 'session-1', generation: 3, bound: true });
    expect(parsed).not.toHaveProperty('nested');
    expect(parsed).not.toHaveProperty('run');
  });
});

describe('parseMessage', () => {
  const entry = { token: tokenSet(), until: Date.now() + 60_000 };

  it('reads back every message encodeMessage builds', () => {
    const messages = [
      { type: 'sync', from: 'tab-a', id: 'q1' },
      { type: 'state', from: 'tab-a', id: 'q1', entry, deletedUpTo: 0 },
      { type: 'state', from: 'tab-a', id: 'q1', entry: null, deletedUpTo: 5 },
      { type: 'set', from: 'tab-a', entry },
      { type: 'delete', from: 'tab-a', upTo: 7 },
      { type: 'bye', from: 'tab-a' },
    ] as const;
    for (const message of messages) {
      expect(parseMessage(structuredClone(encodeMessage(message)))).toEqual(message);
    }
  });

  it.each([
    ['another protocol', { protocol: 'tokenkeeper/0', type: 'bye', from: 'a' }],
    ['no protocol', { type: 'bye', from: 'a' }],
    ['an unknown type', { protocol: PROTOCOL, type: 'steal', from: 'a' }],
    ['no sender', { protocol: PROTOCOL, type: 'bye' }],
    ['an overlong sender', { protocol: PROTOCOL, type: 'bye', from: 'a'.repeat(65) }],
    ['a set without an entry', { protocol: PROTOCOL, type: 'set', from: 'a' }],
    [
      'a set whose token is no token set',
      {
        protocol: PROTOCOL,
        type: 'set',
        from: 'a',
        entry: { ...entry, token: { accessToken: 'x' } },
      },
    ],
    [
      'a set without an expiry',
      { protocol: PROTOCOL, type: 'set', from: 'a', entry: { token: entry.token } },
    ],
    ['a delete without a time', { protocol: PROTOCOL, type: 'delete', from: 'a', upTo: '1' }],
    ['a sync without an id', { protocol: PROTOCOL, type: 'sync', from: 'a' }],
    [
      'a state without deletedUpTo',
      { protocol: PROTOCOL, type: 'state', from: 'a', id: 'q', entry: null },
    ],
    ['a string', 'set'],
    ['null', null],
  ])('ignores %s', (_, data) => {
    expect(parseMessage(data)).toBeUndefined();
  });
});
