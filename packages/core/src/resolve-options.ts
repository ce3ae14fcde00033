import { createDpopHandle, type DpopHandle } from './dpop-handle.ts';
import { secureEndpoint } from './endpoint-security.ts';
import { check, checkRows, fail, isPrivateKey, MS } from './option-checks.ts';
import type { Grant, TokenManagerOptions } from './options.ts';
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

// The options that need no more than a check and a default.
const ROWS = [
  ['allowInsecureHttp', 'boolean', false],
  ['refreshWindowMs', MS],
  ['defaultLifetimeMs', MS, 300_000],
  ['fetch', 'function'],
  ['timeoutMs', MS, 10_000],
  ['maxTokenSets', [1, 10_000], 32],
  ['whenStoreUnavailable', ['alone', 'wait'], 'alone'],
  ['storeWaitMs', MS, 10_000],
] as const;

// What each grant type needs besides `type`: non-empty strings (RFC 6749 §4.3.2, §6).
const GRANT_FIELDS = {
  client_credentials: [],
  password: ['username', 'password'],
  refresh_token: ['refreshToken'],
} as const;

/**
 * Validates every option once, up front, so that a mistake is a clear
 * {@link InvalidOptionsError} (or {@link InsecureEndpointError}) from
 * `createTokenManager` rather than a confusing failure at the first request.
 */
export function resolveOptions(options: TokenManagerOptions): ResolvedOptions {
  check(options, 'options', 'object', true);
  const resolved = checkRows<Pick<ResolvedOptions, (typeof ROWS)[number][0]>>(options, ROWS);
  if (!resolved.timeoutMs) fail('timeoutMs', 'expected more than 0 ms');
  const url = (option: string, value: unknown = options[option as keyof TokenManagerOptions]) =>
    value === undefined ? undefined : secureEndpoint(option, value, resolved.allowInsecureHttp);
  const tokenEndpoint = url('tokenEndpoint');
  const issuer = url('issuer');
  if (!tokenEndpoint === !issuer) fail('tokenEndpoint', 'give exactly one of this and `issuer`');
  check(options.onEvent, 'onEvent', 'function');

  const store = check(options.store, 'store', 'object') as unknown as Record<string, unknown>;
  if (
    store &&
    ['get', 'set', 'delete', 'lock'].some(
      (method) =>
        typeof store[method] !== 'function' && (method !== 'lock' || store[method] !== undefined),
    )
  )
    fail('store', 'expected get, set, delete (and optional lock) functions');

  // The global fetch is looked up at call time and called without a `this` of ours:
  // browsers and workerd refuse a foreign one ("Illegal invocation").
  resolved.fetch ??=
    typeof globalThis.fetch === 'function'
      ? (input, init) => globalThis.fetch(input, init)
      : fail('fetch', 'required in a runtime without fetch');

  const { logout, dpop } = options;
  if (logout !== undefined && logout !== false) {
    if (!['keycloak', 'revocation'].includes(logout?.kind))
      fail('logout', "expected false or { kind: 'keycloak' | 'revocation' }");
    if (logout.endpoint === undefined && !issuer)
      fail('logout.endpoint', 'required without `issuer`');
  }

  // `true?.keyPair` is undefined: a key pair of the manager's own.
  const keyPair = (dpop as { keyPair?: CryptoKeyPair } | null | undefined)?.keyPair;
  if (
    dpop !== undefined &&
    typeof dpop !== 'boolean' &&
    !(isPrivateKey(keyPair?.privateKey) && typeof keyPair?.publicKey === 'object')
  )
    fail('dpop', 'expected true or { keyPair: CryptoKeyPair }');

  return {
    ...resolved,
    tokenEndpoint,
    issuer,
    client: resolveClient(options, (issuer ?? tokenEndpoint)!),
    grant: resolveGrant(options.grant),
    logout:
      logout === undefined
        ? 'auto'
        : logout && { kind: logout.kind, endpoint: url('logout.endpoint', logout.endpoint) },
    // resolveRetryPolicy gives every member a value: the rows check them all, and keep them all.
    retry: checkRows<RetryPolicy>(
      resolveRetryPolicy(check(options.retry, 'retry', 'object')),
      [
        ['retries', [0, 20]],
        ['minTimeoutMs', MS],
        ['maxTimeoutMs', MS],
        ['maxRetryTimeMs', MS],
      ],
      'retry.',
    ),
    // last: every option is valid before a key pair is named
    dpop: dpop ? createDpopHandle(keyPair) : undefined,
  };
}

function resolveGrant(grant: Grant = { type: 'client_credentials' }): Grant {
  check(grant, 'grant', 'object');
  const type = check(grant.type, 'grant.type', Object.keys(GRANT_FIELDS), true);
  const resolved: Record<string, string> = { type };
  for (const field of GRANT_FIELDS[type]) {
    resolved[field] = check(grant[field as never], `grant.${field}`, 'string', true);
  }
  return resolved as Grant;
}
