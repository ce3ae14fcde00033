import { describe, expect, it } from 'vitest';
import {
  createTokenManager,
  InsecureEndpointError,
  InvalidOptionsError,
  type TokenManagerOptions,
} from '../src/index.ts';

const valid = {
  tokenEndpoint: 'https://idp.example.test/token',
  clientId: 'c',
  clientSecret: 'secret-value',
};

describe('options', () => {
  it('refuses plain http to a non-loopback host before any network call', () => {
    let called = false;
    const fetch = (async () => {
      called = true;
      return new Response('{}');
    }) as typeof globalThis.fetch;
    expect(() =>
      createTokenManager({ ...valid, tokenEndpoint: 'http://idp.example.test/token', fetch }),
    ).toThrow(InsecureEndpointError);
    expect(called).toBe(false);
  });

  it('allows plain http on loopback, and elsewhere with allowInsecureHttp', () => {
    for (const url of [
      'http://127.0.0.1:8080/token',
      'http://localhost/token',
      'http://[::1]:1/token',
      'http://127.5.6.7/t',
    ]) {
      expect(() => createTokenManager({ ...valid, tokenEndpoint: url })).not.toThrow();
    }
    expect(() =>
      createTokenManager({
        ...valid,
        tokenEndpoint: 'http://idp.example.test/token',
        allowInsecureHttp: true,
      }),
    ).not.toThrow();
    expect(() =>
      createTokenManager({ ...valid, tokenEndpoint: 'http://127.0.0.1.evil.test/token' }),
    ).toThrow(InsecureEndpointError);
  });

  it('refuses an insecure logout endpoint too', () => {
    expect(() =>
      createTokenManager({
        ...valid,
        logout: { kind: 'revocation', endpoint: 'http://idp.example.test/revoke' },
      }),
    ).toThrow(InsecureEndpointError);
  });

  const invalid: Array<[string, unknown]> = [
    ['no endpoint', { clientId: 'c' }],
    ['both endpoint and issuer', { ...valid, issuer: 'https://idp.example.test' }],
    ['a relative endpoint', { ...valid, tokenEndpoint: '/token' }],
    ['a ftp endpoint', { ...valid, tokenEndpoint: 'ftp://idp.example.test/token' }],
    [
      'credentials in the URL',
      { ...valid, tokenEndpoint: 'https://user:pw@idp.example.test/token' },
    ],
    ['an empty clientId', { ...valid, clientId: '' }],
    ['a numeric clientId', { ...valid, clientId: 42 }],
    ['an empty secret', { ...valid, clientSecret: '' }],
    [
      'basic auth without a secret',
      { ...valid, clientSecret: undefined, clientAuthentication: 'client_secret_basic' },
    ],
    ['an unknown grant', { ...valid, grant: { type: 'implicit' } }],
    ['a password grant without password', { ...valid, grant: { type: 'password', username: 'u' } }],
    ['an unknown request style', { ...valid, requestStyle: 'xml' }],
    ['an unknown client authentication', { ...valid, clientAuthentication: 'private_key_jwt' }],
    ['a negative refresh window', { ...valid, refreshWindowMs: -1 }],
    ['an infinite refresh window', { ...valid, refreshWindowMs: Number.POSITIVE_INFINITY }],
    ['a timeout of 0', { ...valid, timeoutMs: 0 }],
    ['a timeout beyond a timer', { ...valid, timeoutMs: 2 ** 31 }],
    ['NaN retries', { ...valid, retry: { retries: Number.NaN } }],
    ['a million retries', { ...valid, retry: { retries: 1e6 } }],
    ['non-string params', { ...valid, params: { resource: 1 } }],
    ['a logout without endpoint or issuer', { ...valid, logout: { kind: 'keycloak' } }],
    [
      'an unknown logout kind',
      { ...valid, logout: { kind: 'oidc', endpoint: 'https://idp.example.test/x' } },
    ],
    ['a string as options', 'https://idp.example.test/token'],
    ['an onEvent that is not a function', { ...valid, onEvent: 'log' }],
    ['a store without methods', { ...valid, store: {} }],
    ['a fetch that is not a function', { ...valid, fetch: 'fetch' }],
  ];
  it.each(invalid)('throws InvalidOptionsError for %s', (_name, options) => {
    expect(() => createTokenManager(options as TokenManagerOptions)).toThrow(InvalidOptionsError);
  });

  it('names the option but never its secret value', () => {
    const error = (() => {
      try {
        createTokenManager({
          ...valid,
          clientAuthentication: 'nope' as never,
          grant: { type: 'password', username: 'u', password: 'hunter2-secret' },
        });
      } catch (e) {
        return e as InvalidOptionsError;
      }
    })();
    expect(error?.code).toBe('ERR_INVALID_OPTIONS');
    expect(error?.option).toBe('clientAuthentication');
    expect(JSON.stringify(error) + String(error) + error?.stack).not.toContain('hunter2-secret');
  });

  it('rejects invalidate with something that is not a token', () => {
    const tokens = createTokenManager(valid);
    expect(() => tokens.invalidate(undefined as unknown as string)).toThrow(InvalidOptionsError);
  });

  it('rejects getToken options of the wrong shape with a typed error, not a TypeError', async () => {
    const fetch = (async () =>
      new Response(
        JSON.stringify({ access_token: 'a1', token_type: 'Bearer' }),
      )) as unknown as typeof globalThis.fetch;
    const tokens = createTokenManager({ ...valid, fetch });
    await expect(tokens.getAccessToken(null as never)).resolves.toBe('a1'); // null reads as no options
    await expect(tokens.getToken('x' as never)).rejects.toBeInstanceOf(InvalidOptionsError);
    await expect(tokens.getToken({ signal: 'abort' as never })).rejects.toBeInstanceOf(
      InvalidOptionsError,
    );
  });
});
