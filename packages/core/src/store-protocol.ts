import type { GuardedStore } from './guarded-store.ts';
import type { fetchToken as FetchToken, ObtainContext } from './obtain-token.ts';
import type { TokenRequestContext } from './token-endpoint-client.ts';
import type { TokenSet } from './token-set.ts';

/**
 * A refresh through a shared store: a fresher token a sibling already stored
 * is taken up; else, holding the store's lock (cross-process single flight), the
 * token request is made and its result stored. Loaded only by managers with a store.
 */
export async function obtainThroughStore(
  replacing: TokenSet | undefined,
  endpoint: TokenRequestContext,
  store: GuardedStore,
  context: ObtainContext,
  fetchToken: typeof FetchToken,
): Promise<TokenSet> {
  const { key } = context;
  const fresher = (stored: TokenSet | undefined) =>
    stored !== undefined &&
    stored.accessToken !== replacing?.accessToken &&
    Date.now() < stored.expiresAt &&
    stored.expiresAt >= (replacing?.expiresAt ?? 0);

  let stored = await store.get(key);
  if (fresher(stored)) return adopt(stored!, replacing, context);
  const release = await store.lock(key, {
    leaseMs: context.leaseMs,
    waitMs: context.leaseMs + endpoint.timeoutMs,
    signal: context.signal,
  });
  try {
    if (release) {
      stored = await store.get(key);
      if (fresher(stored)) return adopt(stored!, replacing, context);
    }
    // The newest refresh token we know of: a sibling may have rotated it.
    const base = stored && stored.issuedAt > (replacing?.issuedAt ?? 0) ? stored : replacing;
    const token = await fetchToken(base, endpoint, context);
    await store.set(key, token, storeTtlMs(token));
    return token;
  } finally {
    await release?.();
  }
}

// A sibling's token set taken up; a session of our own that it replaces is ended (never the shared one).
function adopt(stored: TokenSet, replacing: TokenSet | undefined, context: ObtainContext) {
  const own = context.sessions.adopt(stored, replacing);
  if (own) context.endOwnSession(own);
  context.sessions.note(stored, false);
  context.emit({ type: 'token_from_store', expiresAt: stored.expiresAt });
  return stored;
}

/**
 * How long a stored entry is worth keeping: the longer of the access and refresh tokens'
 * lifetimes; a refresh token without `refresh_expires_in` is kept 30 days.
 */
function storeTtlMs(token: TokenSet): number {
  const refreshFor = token.refreshToken
    ? (token.refreshExpiresAt ?? Date.now() + 30 * 86_400_000)
    : 0;
  return Math.max(token.expiresAt, refreshFor) - Date.now();
}
