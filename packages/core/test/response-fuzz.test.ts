import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTokenManager, isTokenKeeperError } from '../src/index.ts';
import { parseTokenResponse } from '../src/parse-token-response.ts';
import { scriptedEndpoint } from './scripted-endpoint.ts';

const context = {
  sentAt: Date.UTC(2026, 0, 1),
  defaultLifetimeMs: 300_000,
  redact: (text: string) => text,
};

// Bodies that look like token responses, with every field possibly wrong.
const tokenish = fc.record(
  {
    access_token: fc.oneof(
      fc.string(),
      fc.constant(''),
      fc.integer(),
      fc.constant(null),
      fc.jsonValue(),
    ),
    token_type: fc.oneof(
      fc.constantFrom('Bearer', 'bearer', 'BEARER', 'DPoP', 'mac', ''),
      fc.string(),
      fc.integer(),
    ),
    expires_in: fc.oneof(
      fc.double(),
      fc.integer(),
      fc.string(),
      fc.constantFrom('3600', '-1', '1e3', ' 60 '),
      fc.jsonValue(),
    ),
    refresh_token: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
    refresh_expires_in: fc.oneof(fc.integer(), fc.string()),
    scope: fc.oneof(fc.string(), fc.array(fc.string())),
    error: fc.oneof(fc.string(), fc.integer()),
  },
  { requiredKeys: [] },
);

const bodies = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  tokenish.map((value) => JSON.stringify(value)),
  fc.string(),
  fc.uint8Array({ maxLength: 256 }).map((bytes) => new TextDecoder().decode(bytes)),
  fc.constantFrom(
    '<html><body>502 Bad Gateway</body></html>',
    '',
    'null',
    '[]',
    '{"access_token":',
  ),
);

describe('any token endpoint answer', () => {
  it('parses into a valid TokenSet or throws a typed error, never anything else', () => {
    fc.assert(
      fc.property(bodies, fc.constantFrom(200, 201, 400, 401, 403, 500), (body, status) => {
        try {
          const token = parseTokenResponse({ status, body }, context);
          expect(token.tokenType).toBe('Bearer');
          expect(typeof token.accessToken).toBe('string');
          expect(token.accessToken.length).toBeGreaterThan(0);
          expect(Number.isFinite(token.expiresAt)).toBe(true);
          expect(token.expiresAt).toBeGreaterThanOrEqual(context.sentAt - 10 * 365 * 86_400_000);
          expect(token.expiresAt).toBeLessThanOrEqual(context.sentAt + 10 * 365 * 86_400_000);
        } catch (error) {
          if (!isTokenKeeperError(error)) throw error;
        }
      }),
      { numRuns: 3_000 },
    );
  });

  it('reaches the caller of getToken as a token or a typed error, never a crash or a hang', async () => {
    await fc.assert(
      fc.asyncProperty(bodies, fc.constantFrom(200, 400, 503), async (body, status) => {
        const server = scriptedEndpoint(() => ({ status, body }));
        const tokens = createTokenManager({
          tokenEndpoint: 'https://idp.example.test/token',
          clientId: 'c',
          clientSecret: 'secret-1',
          fetch: server.fetch,
          retry: { retries: 0 },
        });
        const outcome = await tokens.getToken().then(
          (token) => ({ token, error: undefined }),
          (error: unknown) => ({ token: undefined, error }),
        );
        if (outcome.token) expect(outcome.token.tokenType).toBe('Bearer');
        else expect(isTokenKeeperError(outcome.error)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('types the bad inputs SPEC names', () => {
    const cases: Array<[string, string]> = [
      ['{"access_token":"a","token_type":"DPoP","expires_in":60}', 'token_type'],
      ['{"token_type":"Bearer","expires_in":60}', 'access_token'],
      ['{"access_token":"a","token_type":"Bearer","expires_in":-5}', 'expires_in'],
      ['{"access_token":"a","token_type":"Bearer","expires_in":"soon"}', 'expires_in'],
      ['{"access_token":"a","token_type":"Bearer","expires_in":1e12}', 'expires_in'],
      ['{"access_token":"a","expires_in":60}', 'token_type'],
      ['{"access_token":"a\\r\\nX-Evil: 1","token_type":"Bearer"}', 'access_token'],
      ['{"access_token":"a b","token_type":"Bearer"}', 'access_token'],
    ];
    for (const [body, field] of cases) {
      expect(() => parseTokenResponse({ status: 200, body }, context)).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_TOKEN_RESPONSE', field }),
      );
    }
    expect(() => parseTokenResponse({ status: 200, body: '<html>' }, context)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_TOKEN_RESPONSE' }),
    );
    expect(() => parseTokenResponse({ status: 502, body: '<html>' }, context)).toThrow(
      expect.objectContaining({ code: 'ERR_TOKEN_ENDPOINT', status: 502, error: undefined }),
    );
  });
});
