export {
  type BearerOptions,
  type BearerPolicy,
  bearerChoice,
  bearerHeader,
  type Credentials,
  createBearerPolicy,
  type HeaderReader,
  headerText,
  type OutgoingRequest,
  originOf,
  type TokenSource,
} from './bearer-policy.ts';
export {
  InsecureEndpointError,
  InvalidOptionsError,
  InvalidTokenResponseError,
  isTokenKeeperError,
  TokenEndpointError,
  TokenKeeperError,
  type TokenKeeperErrorCode,
  TokenManagerDisposedError,
  TokenStoreError,
} from './errors.ts';
export type { TokenManagerEvent, TokenManagerEventType } from './events.ts';
export { isOneShotBody } from './one-shot-body.ts';
export type {
  ClientAuthentication,
  Grant,
  LogoutOptions,
  RequestStyle,
  RetryOptions,
  TokenManagerOptions,
} from './options.ts';
export { type RevokeTokenOptions, revokeToken } from './revoke-token.ts';
export {
  createTokenManager,
  type DpopProver,
  type GetTokenOptions,
  type TokenManager,
  type TokenParams,
} from './token-manager.ts';
export type { TokenSet } from './token-set.ts';
export { createMemoryStore, type ReleaseLock, type TokenStore } from './token-store.ts';
export { type Challenge, parseChallenges } from './www-authenticate.ts';
