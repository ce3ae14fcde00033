import { describe, expect, it } from 'vitest';
import { parseChallenges } from '../src/index.ts';

describe('parseChallenges (RFC 9110 §11.6.1 WWW-Authenticate)', () => {
  it('reads a Bearer challenge with quoted auth-params (RFC 6750 §3)', () => {
    expect(
      parseChallenges('Bearer realm="api", error="insufficient_scope", scope="orders:write"'),
    ).toEqual([
      {
        scheme: 'Bearer',
        params: { realm: 'api', error: 'insufficient_scope', scope: 'orders:write' },
      },
    ]);
  });

  it("reads several challenges in one value, RFC 9110's own example included", () => {
    expect(
      parseChallenges(
        'Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"',
      ),
    ).toEqual([
      { scheme: 'Newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } },
      { scheme: 'Basic', params: { realm: 'simple' } },
    ]);
  });

  it('keeps commas and escapes inside quoted strings', () => {
    expect(
      parseChallenges('Bearer error_description="a, b \\\\ c", error="invalid_token"'),
    ).toEqual([
      { scheme: 'Bearer', params: { error_description: 'a, b \\ c', error: 'invalid_token' } },
    ]);
  });

  it('keeps a token68 as the param token68', () => {
    expect(parseChallenges('Negotiate abc+/12==, Bearer error="invalid_token"')).toEqual([
      { scheme: 'Negotiate', params: { token68: 'abc+/12==' } },
      { scheme: 'Bearer', params: { error: 'invalid_token' } },
    ]);
  });

  it('lower-cases param names, keeps the scheme as sent, allows spaces around "="', () => {
    expect(parseChallenges('bearer ERROR = invalid_token ,Scope= "a b"')).toEqual([
      { scheme: 'bearer', params: { error: 'invalid_token', scope: 'a b' } },
    ]);
  });

  it('reads a DPoP nonce challenge (RFC 9449 §9)', () => {
    expect(
      parseChallenges(
        'DPoP error="use_dpop_nonce", error_description="nonce required", algs="ES256 PS256"',
      ),
    ).toEqual([
      {
        scheme: 'DPoP',
        params: {
          error: 'use_dpop_nonce',
          error_description: 'nonce required',
          algs: 'ES256 PS256',
        },
      },
    ]);
  });

  it('gives a bare scheme empty params, and nothing for null, empty or non-string input', () => {
    expect(parseChallenges('Bearer')).toEqual([{ scheme: 'Bearer', params: {} }]);
    expect(parseChallenges('Bearer, DPoP')).toEqual([
      { scheme: 'Bearer', params: {} },
      { scheme: 'DPoP', params: {} },
    ]);
    for (const empty of [null, undefined, '', '  , ,'])
      expect(parseChallenges(empty as string | null | undefined)).toEqual([]);
    expect(parseChallenges(42 as unknown as string)).toEqual([]);
  });

  it('is liberal with broken input: an unterminated quote ends the value, garbage ends the list', () => {
    expect(parseChallenges('Bearer error="invalid_token')).toEqual([
      { scheme: 'Bearer', params: { error: 'invalid_token' } },
    ]);
    expect(parseChallenges('Bearer error="x", @@@ realm="y"')).toEqual([
      { scheme: 'Bearer', params: { error: 'x' } },
    ]);
  });

  it('ends on hostile input of any length without hanging', () => {
    for (const hostile of [
      ','.repeat(100_000),
      `Bearer ${'a=b, '.repeat(20_000)}`,
      `Bearer x="${'\\'.repeat(50_001)}`,
      'a '.repeat(50_000),
    ]) {
      const challenges = parseChallenges(hostile);
      expect(Array.isArray(challenges)).toBe(true);
    }
  });
});
