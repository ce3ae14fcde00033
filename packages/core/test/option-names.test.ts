import { describe, expect, it } from 'vitest';
import {
  createTokenManager,
  InsecureEndpointError,
  type TokenManagerOptions,
} from '../src/index.ts';

const valid = { tokenEndpoint: 'https://idp.example.test/token', clientId: 'c' };
const fetch = (() =>
  Promise.reject(new Error('no network in this test'))) as typeof globalThis.fetch;

describe('option validation', () => {
  it.each<[string, object]>([
    ['options', 42 as never],
    ['allowInsecureHttp', { allowInsecureHttp: 'yes' }],
    ['tokenEndpoint', { tokenEndpoint: undefined }],
    ['tokenEndpoint', { tokenEndpoint: 42 }],
    ['issuer', { tokenEndpoint: undefined, issuer: 'idp.example.test' }],
    ['clientId', { clientId: undefined }],
    ['clientSecret', { clientSecret: 7 }],
    ['clientAssertion', { clientAssertion: 'a.b.c' }],
    ['clientAuthentication', { clientAuthentication: 'tls_client_auth' }],
    ['privateKey', { clientAuthentication: 'private_key_jwt', privateKey: { kty: 'EC' } }],
    ['requestStyle', { requestStyle: 'xml' }],
    ['scope', { scope: '' }],
    ['audience', { audience: 1 }],
    ['params', { params: 'resource=x' }],
    ['keyId', { clientSecret: 's', clientAuthentication: 'client_secret_jwt', keyId: 1 }],
    ['assertionAudience', { clientAssertion: () => 'x', assertionAudience: '' }],
    ['onEvent', { onEvent: {} }],
    ['store', { store: { get() {}, set() {}, delete() {}, lock: true } }],
    ['fetch', { fetch: {} }],
    ['grant', { grant: 'password' }],
    ['grant.type', { grant: {} }],
    ['grant.username', { grant: { type: 'password', password: 'p' } }],
    ['grant.password', { grant: { type: 'password', username: 'u', password: '' } }],
    ['grant.refreshToken', { grant: { type: 'refresh_token' } }],
    ['logout', { logout: true }],
    ['logout.endpoint', { logout: { kind: 'revocation', endpoint: 'revoke' } }],
    ['refreshWindowMs', { refreshWindowMs: '60s' }],
    ['defaultLifetimeMs', { defaultLifetimeMs: Number.NaN }],
    ['retry', { retry: 3 }],
    ['retry.retries', { retry: { retries: 2.5 } }],
    ['retry.minTimeoutMs', { retry: { minTimeoutMs: -1 } }],
    ['retry.maxTimeoutMs', { retry: { maxTimeoutMs: 2 ** 31 } }],
    ['retry.maxRetryTimeMs', { retry: { maxRetryTimeMs: Number.POSITIVE_INFINITY } }],
    ['timeoutMs', { timeoutMs: -5 }],
    ['maxTokenSets', { maxTokenSets: 0 }],
    ['maxTokenSets', { maxTokenSets: 1.5 }],
    ['whenStoreUnavailable', { whenStoreUnavailable: 'fail' }],
    ['storeWaitMs', { storeWaitMs: 2 ** 31 }],
    ['dpop', { dpop: 'on' }],
  ])('names `%s` in the InvalidOptionsError', (option, extra) => {
    expect(() =>
      createTokenManager(
        (typeof extra !== 'object' ? extra : { ...valid, fetch, ...extra }) as TokenManagerOptions,
      ),
    ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option }));
  });

  it('says what was expected, in words a user can act on', () => {
    const message = (extra: object) => {
      try {
        createTokenManager({ ...valid, fetch, ...extra } as TokenManagerOptions);
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(message({ clientId: '' })).toContain('expected a non-empty string');
    expect(message({ requestStyle: 'xml' })).toContain("expected one of 'form', 'json', 'query'");
    expect(message({ storeWaitMs: -1 })).toContain(
      'expected a number of milliseconds from 0 to 2147483647',
    );
    expect(message({ maxTokenSets: 0 })).toContain('from 1 to 10000');
    expect(message({ retry: { retries: 21 } })).toContain('from 0 to 20');
  });

  it('accepts the edges of every range, and fractional durations', () => {
    for (const extra of [
      { timeoutMs: 0.5, refreshWindowMs: 0, storeWaitMs: 2 ** 31 - 1, maxTokenSets: 1 },
      { maxTokenSets: 10_000, retry: { retries: 0, minTimeoutMs: 0 } },
      { retry: { retries: 20, maxRetryTimeMs: 2 ** 31 - 1 }, params: null as never },
    ]) {
      expect(() => createTokenManager({ ...valid, fetch, ...extra })).not.toThrow();
    }
  });

  it('refuses plain http to a host that only looks like loopback', () => {
    for (const tokenEndpoint of [
      'http://localhost.evil.test/t',
      'http://[::2]/t',
      'http://10.0.0.1/t',
    ])
      expect(() => createTokenManager({ ...valid, fetch, tokenEndpoint })).toThrow(
        InsecureEndpointError,
      );
    for (const tokenEndpoint of ['http://api.localhost/t', 'http://127.1/t', 'http://LOCALHOST/t'])
      expect(() => createTokenManager({ ...valid, fetch, tokenEndpoint })).not.toThrow();
  });
});
