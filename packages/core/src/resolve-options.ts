import { createDpopHandle, type DpopHandle } from './dpop-handle.ts';
import { secureEndpoint } from './endpoint-security.ts';
import { InvalidOptionsError } from './errors.ts';
import type { Grant, LogoutOptions, TokenManagerOptions } from './options.ts';
import { type RetryPolicy, resolveRetryPolicy } from './retry-policy.ts';
import type { ClientProfile, Params } from './token-request.ts';

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

  const clientId = requiredString(options.clientId, 'clientId');
  const clientSecret = optionalString(options.clientSecret, 'clientSecret');
  const { privateKey, clientAssertion } = options;
  if (clientAssertion !== undefined && typeof clientAssertion !== 'function') {
    throw new InvalidOptionsError('clientAssertion', 'expected a function');
  }
  const clientAuthentication =
    oneOf(options.clientAuthentication, 'clientAuthentication', [
      'client_secret_post',
      'client_secret_basic',
      'none',
      'private_key_jwt',
      'client_secret_jwt',
    ] as const) ??
    (privateKey || clientAssertion
      ? 'private_key_jwt'
      : clientSecret === undefined
        ? 'none'
        : 'client_secret_post');
  const jwtAuth = clientAuthentication.endsWith('_jwt');
  if (clientAuthentication.startsWith('client_secret') && clientSecret === undefined) {
    throw new InvalidOptionsError(
      'clientSecret',
      `required with clientAuthentication '${clientAuthentication}'`,
    );
  }
  if (clientAuthentication === 'private_key_jwt' && !clientAssertion && !isPrivateKey(privateKey)) {
    throw new InvalidOptionsError(
      'privateKey',
      "required with clientAuthentication 'private_key_jwt' (a CryptoKey or a private JWK), or give clientAssertion",
    );
  }
  if (clientAssertion && clientAuthentication !== 'private_key_jwt') {
    throw new InvalidOptionsError(
      'clientAssertion',
      `cannot be combined with clientAuthentication '${clientAuthentication}'`,
    );
  }
  const requestStyle =
    oneOf(options.requestStyle, 'requestStyle', ['form', 'json', 'query'] as const) ?? 'form';
  if (jwtAuth && requestStyle === 'query') {
    throw new InvalidOptionsError(
      'requestStyle',
      "'query' cannot carry a JWT client assertion (it would sit in a URL); use 'form' or 'json'",
    );
  }
  const params = options.params ?? {};
  if (
    typeof params !== 'object' ||
    params === null ||
    Object.values(params).some((v) => typeof v !== 'string')
  ) {
    throw new InvalidOptionsError('params', 'expected an object of string values');
  }
  const client: ClientProfile = {
    clientId,
    clientSecret,
    clientAuthentication,
    requestStyle,
    scope: optionalString(options.scope, 'scope'),
    audience: optionalString(options.audience, 'audience'),
    params: { ...params },
  };
  if (jwtAuth) {
    const audience =
      optionalString(options.assertionAudience, 'assertionAudience') ??
      (issuer ?? tokenEndpoint)!.href;
    const keyId = optionalString(options.keyId, 'keyId');
    const source = clientAssertion
      ? { kind: 'callback' as const, callback: clientAssertion }
      : clientAuthentication === 'client_secret_jwt'
        ? { kind: 'client_secret_jwt' as const, secret: clientSecret! }
        : { kind: 'private_key_jwt' as const, key: privateKey as CryptoKey, keyId };
    let sign: Promise<() => Promise<Params>> | undefined;
    // jose's signing code is loaded by the first request that needs an assertion.
    client.assertion = async () => {
      sign ??= import('./client-assertion.ts').then(({ createAssertion }) =>
        createAssertion(source, clientId, () => audience),
      );
      return (await sign)();
    };
  }

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

function isPrivateKey(key: unknown): boolean {
  if (typeof key !== 'object' || key === null) return false;
  if (typeof CryptoKey !== 'undefined' && key instanceof CryptoKey) return key.type === 'private';
  return typeof (key as { kty?: unknown }).kty === 'string' && 'd' in key;
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

function requiredString(value: unknown, option: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new InvalidOptionsError(option, 'expected a non-empty string');
  return value;
}

function optionalString(value: unknown, option: string): string | undefined {
  return value === undefined ? undefined : requiredString(value, option);
}

function optionalBoolean(value: unknown, option: string): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean')
    throw new InvalidOptionsError(option, 'expected a boolean');
  return value;
}

function oneOf<T extends string>(
  value: unknown,
  option: string,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) {
    throw new InvalidOptionsError(
      option,
      `expected one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
    );
  }
  return value as T;
}

// A number of ms that fits a timer (0 to 2^31-1).
function optionalDuration(value: unknown, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 2 ** 31 - 1) {
    throw new InvalidOptionsError(option, 'expected a number of milliseconds from 0 to 2147483647');
  }
  return value;
}

function wholeNumber(value: unknown, option: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max)
    throw new InvalidOptionsError(option, `expected a whole number from ${min} to ${max}`);
  return value as number;
}

function positiveDuration(value: unknown, option: string): number | undefined {
  const ms = optionalDuration(value, option);
  if (ms === 0) throw new InvalidOptionsError(option, 'expected more than 0 ms');
  return ms;
}
