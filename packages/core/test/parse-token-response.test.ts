import { describe, expect, it } from 'vitest';
import { isTokenKeeperError, TokenEndpointError } from '../src/index.ts';
import { parseTokenResponse } from '../src/parse-token-response.ts';
import type { TokenSet } from '../src/token-set.ts';

const sentAt = Date.UTC(2026, 0, 1);
const context = { sentAt, defaultLifetimeMs: 300_000, redact: (text: string) => text };
const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
// An unsigned JWT-shaped token: the parser reads claims without verifying, so no signature is needed.
const jwtWith = (payload: unknown) => `${b64({ alg: 'none' })}.${b64(payload)}.sig`;
const parse = (body: object, extra: object = {}, date?: string) =>
  parseTokenResponse({ status: 200, body: JSON.stringify(body), date }, { ...context, ...extra });

describe('parseTokenResponse', () => {
  it('falls back to expires_in, then the default lifetime, for malformed JWTs, and never throws', () => {
    const malformed = [
      'a.b.c',
      `${b64({})}.!!!not-base64url!!!.x`,
      `${b64({})}.${b64('not json')}.x`,
      jwtWith(null),
      jwtWith(42),
      jwtWith([1, 2]),
      jwtWith({ exp: 'soon' }),
      jwtWith({ exp: -5 }),
      `${jwtWith({ exp: sentAt / 1000 + 10 })}.extra.segments`, // five segments: a JWE, not read
    ];
    for (const token of malformed) {
      expect(parse({ access_token: token, token_type: 'Bearer', expires_in: 60 }).expiresAt).toBe(
        sentAt + 60_000,
      );
      expect(parse({ access_token: token, token_type: 'Bearer' }).expiresAt).toBe(sentAt + 300_000);
    }
  });

  it('ignores a JWT exp beyond ten years, and takes a numeric-string expires_in', () => {
    const far = jwtWith({ exp: sentAt / 1000 + 11 * 365 * 86_400 });
    expect(parse({ access_token: far, token_type: 'Bearer', expires_in: ' 90 ' }).expiresAt).toBe(
      sentAt + 90_000,
    );
  });

  it('corrects the JWT exp by a Date header skew both ways, but not by a skew within one second', () => {
    const token = jwtWith({ exp: sentAt / 1000 + 600 });
    const at = (offsetMs: number) => new Date(sentAt + offsetMs).toUTCString();
    const expiry = (date: string) => parse({ access_token: token, token_type: 'Bearer' }, {}, date);
    expect(expiry(at(-60_000)).expiresAt).toBe(sentAt + 660_000); // server behind
    expect(expiry(at(60_000)).expiresAt).toBe(sentAt + 540_000); // server ahead
    expect(expiry(at(0)).expiresAt).toBe(sentAt + 600_000); // within the noise floor
  });

  it('trusts an iat only when it says the server is ahead', () => {
    const behind = jwtWith({ exp: sentAt / 1000 + 600, iat: sentAt / 1000 - 3600 });
    expect(parse({ access_token: behind, token_type: 'Bearer' }).expiresAt).toBe(sentAt + 600_000);
  });

  it('reads refresh_expires_in 0 as no expiry, and keeps the previous refresh token and its expiry when none comes back', () => {
    const fresh = parse({
      access_token: 'a',
      token_type: 'Bearer',
      refresh_token: 'rt',
      refresh_expires_in: 0,
    });
    expect(fresh).toMatchObject({ refreshToken: 'rt', refreshExpiresAt: undefined });
    expect(fresh.sessionId).toMatch(/^[0-9a-f]{24}$/);
    const previous = { ...fresh, refreshExpiresAt: sentAt + 1_000, scope: 'read' } as TokenSet;
    const refreshed = parse(
      { access_token: 'b', token_type: 'Bearer', refresh_token: '' },
      { previous },
    );
    expect(refreshed).toMatchObject({
      refreshToken: 'rt',
      refreshExpiresAt: sentAt + 1_000,
      scope: 'read',
      sessionId: fresh.sessionId,
    });
  });

  it('compares token_type case-insensitively and accepts DPoP only when asked', () => {
    expect(parse({ access_token: 'a', token_type: ' BEARER ' }).tokenType).toBe('Bearer');
    expect(() => parse({ access_token: 'a', token_type: 'dpop' })).toThrow(
      expect.objectContaining({ field: 'token_type', message: expect.stringContaining('"dpop"') }),
    );
    expect(parse({ access_token: 'a', token_type: 'dpop' }, { dpop: true }).tokenType).toBe('DPoP');
  });

  it('names a scheme-like token_type through the redactor and echoes nothing else', () => {
    const redact = (text: string) => text.replaceAll('Hunter22', '[redacted]');
    const message = (tokenType: unknown) => {
      try {
        parse({ access_token: 'a', token_type: tokenType }, { redact });
      } catch (error) {
        expect(isTokenKeeperError(error)).toBe(true);
        return (error as Error).message;
      }
      throw new Error('no error');
    };
    expect(message('Hunter22')).toContain('"[redacted]"');
    expect(message('Hunter22')).not.toContain('Hunter22');
    expect(message('x y <script>')).not.toContain('script');
    expect(message(undefined)).not.toContain('undefined');
  });

  it('rejects non-string members and an empty body with the typed error and its field', () => {
    for (const [body, field] of [
      [{ access_token: 'a', token_type: 'Bearer', refresh_token: 5 }, 'refresh_token'],
      [{ access_token: 'a', token_type: 'Bearer', scope: ['read'] }, 'scope'],
      [{ access_token: 'a', token_type: 'Bearer', expires_in: [60] }, 'expires_in'],
      [{ access_token: '', token_type: 'Bearer' }, 'access_token'],
    ] as const) {
      expect(() => parse(body)).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_TOKEN_RESPONSE', field }),
      );
    }
    for (const body of ['', 'null', '[]', '"token"']) {
      expect(() => parseTokenResponse({ status: 200, body }, context)).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_TOKEN_RESPONSE', field: undefined }),
      );
    }
  });

  it('reads an OAuth error body with Retry-After, and reports a 5xx by status alone', () => {
    const refused = () =>
      parseTokenResponse(
        {
          status: 400,
          body: '{"error":"invalid_grant","error_description":"expired"}',
          retryAfter: '3',
        },
        context,
      );
    expect(refused).toThrow(TokenEndpointError);
    expect(refused).toThrow(
      expect.objectContaining({
        status: 400,
        error: 'invalid_grant',
        errorDescription: 'expired',
        retryAfterMs: 3000,
        message: 'Token endpoint answered 400: invalid_grant (expired)',
      }),
    );
    expect(() =>
      parseTokenResponse({ status: 503, body: '{"error":"temporarily_unavailable"}' }, context),
    ).toThrow(
      expect.objectContaining({ status: 503, error: undefined, errorDescription: undefined }),
    );
  });
  it('reads a JWT payload whose base64url uses - and _, unpadded, with UTF-8 claims', () => {
    const exp = sentAt / 1000 + 120;
    // Filler until the payload's encoding holds both URL-safe characters and needs padding.
    let payload = { exp, name: 'Zoë ???>>>', pad: '' };
    while (!/-/.test(b64(payload)) || !/_/.test(b64(payload)) || b64(payload).length % 4 === 0)
      payload = { ...payload, pad: `${payload.pad}x` };
    const token = jwtWith(payload);
    expect(parse({ access_token: token, token_type: 'Bearer' }).expiresAt).toBe(exp * 1000);
    // The standard alphabet (`+`, `/`) or padding is not base64url: no claim read, no throw.
    const standard = `${b64({})}.${Buffer.from(JSON.stringify(payload)).toString('base64')}.sig`;
    expect(parse({ access_token: standard, token_type: 'Bearer' }).expiresAt).toBe(
      sentAt + 300_000,
    );
  });
});
