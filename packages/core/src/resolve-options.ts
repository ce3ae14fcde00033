import { createDpopHandle, type DpopHandle } from './dpop-handle.ts';
import { secureEndpoint } from './endpoint-security.ts';
import { InvalidOptionsError } from './errors.ts';
import {
  isPrivateKey,
  oneOf,
  optionalBoolean,
  optionalDuration,
  positiveDuration,
  requiredString,
  wholeNumber,
} from './option-checks.ts';
import type { Grant, LogoutOptions, TokenManagerOptions } from './options.ts';
import { resolveClient } from './resolve-client.ts';
import { type RetryPolicy, resolveRetryPolicy } from './retry-policy.ts';
import type { ClientProfile } from './token-request.ts';

/** Options after validation and defaults: what the engine runs on. */
export interface ResolvedOptions {
  tokenEndpoint: URL | undefined;
  issuer: URL | undefined;
  client: ClientProfile;
  grant: Grant;
  logout: { kind: 'keycloak' | 'revocation'; endpoint: URL | undefined } | 'auto' | false;
  refreshWindowMs: number | undefined;
  defaultLifetimeMs: number;
  fetch: typeof fetch;
  retry: RetryPolicy;
  timeoutMs: number;
  allowInsecureHttp: boolean;
  maxTokenSets: number;
  whenStoreUnavailable: 'alone' | 'wait';
  storeWaitMs: number;
  /** DPoP (RFC 9449), when on: proofs for the token endpoint, and the prover adapters use. */
  dpop: DpopHandle | undefined;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_LIFETIME_MS = 300_000;

/**
 * Validates every option once, up front, so that a mistake is a clear
 * {@link InvalidOptionsError} (or {@link InsecureEndpointError}) from
 * `createTokenManager` rather than a confusing failure at the first request.
 */
export function resolveOptions(options: TokenManagerOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError('options', 'expected an object');
  }
  const allowInsecureHttp =
    optionalBoolean(options.allowInsecureHttp, 'allowInsecureHttp') ?? false;
  if ((options.tokenEndpoint === undefined) === (options.issuer === undefined)) {
    throw new InvalidOptionsError(
      'tokenEndpoint',
      'give exactly one of `tokenEndpoint` and `issuer`',
    );
  }
  const tokenEndpoint =
    options.tokenEndpoint === undefined
      ? undefined
      : secureEndpoint('tokenEndpoint', options.tokenEndpoint, allowInsecureHttp);
  const issuer =
    options.issuer === undefined
      ? undefined
      : secureEndpoint('issuer', options.issuer, allowInsecureHttp);

  const client = resolveClient(options, issuer ?? tokenEndpoint!);

  if (options.onEvent !== undefined && typeof options.onEvent !== 'function') {
    throw new InvalidOptionsError('onEvent', 'expected a function');
  }
  const { store } = options;
  if (
    store !== undefined &&
    (typeof store !== 'object' ||
      store === null ||
      !['get', 'set', 'delete'].every(
        (method) => typeof (store as unknown as Record<string, unknown>)[method] === 'function',
      ) ||
      (store.lock !== undefined && typeof store.lock !== 'function'))
  ) {
    throw new InvalidOptionsError(
      'store',
      'expected a TokenStore with get, set and delete (and optionally lock)',
    );
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new InvalidOptionsError('fetch', 'expected a function');
  }
  if (options.fetch === undefined && typeof globalThis.fetch !== 'function') {
    throw new InvalidOptionsError('fetch', 'no fetch function given and none in this runtime');
  }
  // The global fetch is looked up at call time and called without a `this` of ours:
  // browsers and workerd refuse a foreign one ("Illegal invocation").
  const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return {
    tokenEndpoint,
    issuer,
    client,
    grant: resolveGrant(options.grant),
    logout: resolveLogout(options.logout, allowInsecureHttp, issuer !== undefined),
    refreshWindowMs: optionalDuration(options.refreshWindowMs, 'refreshWindowMs'),
    defaultLifetimeMs:
      optionalDuration(options.defaultLifetimeMs, 'defaultLifetimeMs') ?? DEFAULT_LIFETIME_MS,
    fetch: fetchImpl,
    retry: resolveRetry(options.retry),
    timeoutMs: positiveDuration(options.timeoutMs, 'timeoutMs') ?? DEFAULT_TIMEOUT_MS,
    allowInsecureHttp,
    maxTokenSets: wholeNumber(options.maxTokenSets, 'maxTokenSets', 1, 10_000) ?? 32,
    whenStoreUnavailable:
      oneOf(options.whenStoreUnavailable, 'whenStoreUnavailable', ['alone', 'wait'] as const) ??
      'alone',
    storeWaitMs: optionalDuration(options.storeWaitMs, 'storeWaitMs') ?? 10_000,
    dpop: resolveDpop(options.dpop),
  };
}

function resolveDpop(dpop: TokenManagerOptions['dpop']): ResolvedOptions['dpop'] {
  if (dpop === undefined || dpop === false) return undefined;
  if (dpop === true) return createDpopHandle(undefined);
  const pair = (dpop as { keyPair?: CryptoKeyPair } | null)?.keyPair;
  if (!isPrivateKey(pair?.privateKey) || typeof pair?.publicKey !== 'object') {
    throw new InvalidOptionsError('dpop', 'expected true or { keyPair: CryptoKeyPair }');
  }
  return createDpopHandle(pair);
}

function resolveGrant(grant: Grant | undefined): Grant {
  if (grant === undefined) return { type: 'client_credentials' };
  if (typeof grant !== 'object' || grant === null)
    throw new InvalidOptionsError('grant', 'expected an object');
  switch (grant.type) {
    case 'client_credentials':
      return { type: 'client_credentials' };
    case 'password':
      return {
        type: 'password',
        username: requiredString(grant.username, 'grant.username'),
        password: requiredString(grant.password, 'grant.password'),
      };
    case 'refresh_token':
      return {
        type: 'refresh_token',
        refreshToken: requiredString(grant.refreshToken, 'grant.refreshToken'),
      };
    default:
      throw new InvalidOptionsError(
        'grant.type',
        "expected 'client_credentials', 'password' or 'refresh_token'",
      );
  }
}

function resolveLogout(
  logout: LogoutOptions | undefined,
  allowInsecureHttp: boolean,
  hasIssuer: boolean,
): ResolvedOptions['logout'] {
  if (logout === undefined) return 'auto';
  if (logout === false) return false;
  if (
    typeof logout !== 'object' ||
    logout === null ||
    (logout.kind !== 'keycloak' && logout.kind !== 'revocation')
  ) {
    throw new InvalidOptionsError(
      'logout',
      "expected false or { kind: 'keycloak' | 'revocation', endpoint }",
    );
  }
  if (logout.endpoint === undefined && !hasIssuer) {
    throw new InvalidOptionsError(
      'logout.endpoint',
      'required unless `issuer` is given for discovery',
    );
  }
  const endpoint =
    logout.endpoint === undefined
      ? undefined
      : secureEndpoint('logout.endpoint', logout.endpoint, allowInsecureHttp);
  return { kind: logout.kind, endpoint };
}

function resolveRetry(retry: TokenManagerOptions['retry']): RetryPolicy {
  if (retry !== undefined && (typeof retry !== 'object' || retry === null)) {
    throw new InvalidOptionsError('retry', 'expected an object');
  }
  const policy = resolveRetryPolicy(retry);
  if (!Number.isInteger(policy.retries) || policy.retries < 0 || policy.retries > 20) {
    throw new InvalidOptionsError('retry.retries', 'expected a whole number from 0 to 20');
  }
  for (const key of ['minTimeoutMs', 'maxTimeoutMs', 'maxRetryTimeMs'] as const) {
    optionalDuration(policy[key], `retry.${key}`);
  }
  return policy;
}
