import type { TokenManagerEvent } from './events.ts';
import type { GuardedStore } from './guarded-store.ts';
import { kit } from './kit.ts';
import type { Grant } from './options.ts';
import type { SessionBook } from './session-book.ts';
import {
  requestToken,
  type TokenRequest,
  type TokenRequestContext,
} from './token-endpoint-client.ts';
import type { Params } from './token-request.ts';
import type { TokenSet } from './token-set.ts';

/** What obtaining a token for one token set needs from its manager. */
export interface ObtainContext {
  key: string;
  grant: Grant;
  /** The shared store, when the user gave one (its protocol is loaded only then). */
  store: (() => Promise<GuardedStore>) | undefined;
  sessions: SessionBook;
  /** Refresh tokens a server refused: never sent again. */
  deadRefreshTokens: Set<string>;
  leaseMs: number;
  /** The manager's own token set sends no scope or audience on refresh (RFC 6749 §6: the original grant's). */
  isDefaultSet: boolean;
  signal: AbortSignal;
  emit: (event: TokenManagerEvent) => void;
  /** The endpoint context of this set (endpoint from discovery, client profile, fetch, retry). */
  endpointContext(): Promise<TokenRequestContext>;
  /** `replaced`, a session this manager opened, gave way to a shared one: end it (as dispose would). */
  endOwnSession(replaced: TokenSet): void;
}

/**
 * One refresh of one token set. With a shared store (loaded only then): a fresher
 * token a sibling already put there, else, holding the store's lock (cross-process
 * single flight), a token request whose result is stored. Without one: the token
 * request alone, which is the refresh-token grant while a refresh token is usable,
 * else the primary grant.
 */
export async function obtainToken(
  replacing: TokenSet | undefined,
  background: boolean,
  context: ObtainContext,
): Promise<TokenSet> {
  const endpoint = await context.endpointContext();
  // Nobody waits for a background refresh (the current token still works): one attempt, and the
  // cycler tries again later; retrying in a loop would only press a struggling server harder.
  if (background) endpoint.retry = { ...endpoint.retry, retries: 0 };
  if (!context.store) return fetchToken(replacing, endpoint, context);
  const { obtainThroughStore } = await import('./store-protocol.ts');
  return obtainThroughStore(replacing, endpoint, await context.store(), context, fetchToken);
}

// The refresh-token grant while a refresh token is usable, else (or when it is refused) the primary grant.
export function fetchToken(
  base: TokenSet | undefined,
  endpoint: TokenRequestContext,
  context: ObtainContext,
): Promise<TokenSet> {
  // Client credentials open no session worth sharing: sets ask in parallel. Other grants take
  // turns, so a second set refreshes with the session the first one opened (one login).
  const shared = context.grant.type !== 'client_credentials' || context.sessions.newestRefresh;
  return shared
    ? context.sessions.exclusive(() => requestWithGrant(base, endpoint, context))
    : requestWithGrant(base, endpoint, context);
}

async function requestWithGrant(
  base: TokenSet | undefined,
  endpoint: TokenRequestContext,
  context: ObtainContext,
): Promise<TokenSet> {
  const { grant, sessions } = context;
  // Another token set of this manager may hold a newer refresh token of the same session.
  const newest = sessions.newestRefresh;
  const source = newest && newest.issuedAt > (base?.issuedAt ?? 0) ? newest : base;
  if (source?.refreshToken || grant.type === 'refresh_token') {
    const { refreshToken } = await import('./refresh-grant.ts');
    const request = (body: TokenRequest) => requestToken(body, endpoint);
    const refreshed = await refreshToken(kit, request, source, base, context);
    if (refreshed) return refreshed;
  }
  const startedAt = Date.now();
  const token = await requestToken(
    { grant: primaryGrant(grant as PrimaryGrant), previous: undefined, withTokenParams: true },
    endpoint,
  );
  sessions.note(token, true, base);
  context.emit({
    type: 'token_acquired',
    grant: grant.type,
    expiresAt: token.expiresAt,
    durationMs: Date.now() - startedAt,
  });
  return token;
}

type PrimaryGrant = Exclude<Grant, { type: 'refresh_token' }>;

function primaryGrant(grant: PrimaryGrant): Params {
  return grant.type === 'password'
    ? [
        ['grant_type', 'password'],
        ['username', grant.username],
        ['password', grant.password],
      ]
    : [['grant_type', grant.type]];
}
