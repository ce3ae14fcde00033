import { describe, expectTypeOf, it } from 'vitest';
import {
  type Challenge,
  createTokenManager,
  type TokenEndpointError,
  type TokenKeeperErrorCode,
  type TokenManager,
  type TokenManagerEvent,
  type TokenManagerOptions,
  type TokenSet,
} from '../src/index.ts';

describe('public types', () => {
  it('TokenSet has epoch-ms numbers and a normalised Bearer (or, with DPoP on, DPoP) type', () => {
    expectTypeOf<TokenSet['expiresAt']>().toEqualTypeOf<number>();
    expectTypeOf<TokenSet['refreshExpiresAt']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<TokenSet['tokenType']>().toEqualTypeOf<'Bearer' | 'DPoP'>();
    expectTypeOf<TokenSet['accessToken']>().toEqualTypeOf<string>();
  });

  it('createTokenManager returns an async-disposable TokenManager', () => {
    expectTypeOf(createTokenManager).returns.toEqualTypeOf<TokenManager>();
    expectTypeOf<TokenManager>().toMatchTypeOf<AsyncDisposable>();
    expectTypeOf<TokenManager['getAccessToken']>().returns.toEqualTypeOf<Promise<string>>();
    expectTypeOf<TokenManager['invalidate']>().parameters.toEqualTypeOf<
      [accessToken: string, challenge?: Challenge]
    >();
  });

  it('accepts the three grants and rejects others', () => {
    expectTypeOf<{
      clientId: 'c';
      tokenEndpoint: 'x';
      grant: { type: 'password'; username: 'u'; password: 'p' };
    }>().toMatchTypeOf<TokenManagerOptions>();
    expectTypeOf<{
      clientId: 'c';
      grant: { type: 'implicit' };
    }>().not.toMatchTypeOf<TokenManagerOptions>();
  });

  it('errors carry a stable code and OAuth fields', () => {
    expectTypeOf<TokenEndpointError['code']>().toEqualTypeOf<TokenKeeperErrorCode>();
    expectTypeOf<TokenEndpointError['status']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<TokenEndpointError['error']>().toEqualTypeOf<string | undefined>();
  });

  it('events are a discriminated union', () => {
    expectTypeOf<Extract<TokenManagerEvent, { type: 'logged_out' }>['kind']>().toEqualTypeOf<
      'keycloak' | 'revocation'
    >();
  });
});
