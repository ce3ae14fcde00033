import type { ServerEndpoints } from './discovery.ts';
import { endSession } from './end-session.ts';
import type { TokenManagerEvent } from './events.ts';
import type { GuardedStore } from './guarded-store.ts';
import type { Kit } from './kit.ts';
import type { Redactor } from './redact.ts';
import type { ResolvedOptions } from './resolve-options.ts';
import type { SessionBook } from './session-book.ts';
import type { TokenCycler } from './token-cycler.ts';
import type { TokenSet } from './token-set.ts';
import type { TokenSets } from './token-sets.ts';

/** What ending a manager's sessions needs of it. */
export interface SessionEndContext {
  config: ResolvedOptions;
  discovered: () => Promise<ServerEndpoints>;
  redact: Redactor;
  emit: (event: TokenManagerEvent) => void;
  sessions: SessionBook;
  sets: TokenSets;
  store: (() => Promise<GuardedStore>) | undefined;
  /** Session endings under way (of dropped sets, of sessions a shared store replaced). */
  endings: Set<Promise<unknown>>;
}

/**
 * The rest of `dispose()`, once every cycler was told to stop (`stopped`): waits for the
 * refreshes and endings under way, then ends every session the manager holds, once each.
 */
export async function disposeManager(
  kit: Kit,
  context: SessionEndContext,
  stopped: Promise<unknown>,
): Promise<void> {
  await stopped;
  await Promise.all(context.endings);
  context.emit({ type: 'disposed' });
  if (context.config.logout === false) return;
  const held: TokenSet[] = context.sessions.opened();
  // In a shared store a sibling may hold a session's newer, rotated refresh token.
  const store = await context.store?.();
  for (const [key, cycler] of context.sets.entries()) {
    const current = cycler.current;
    if (current) held.push(store ? await store.takeBack(key, current) : current);
  }
  await endSessions(kit, held, context);
}

/** A token set the manager dropped (least recently used): its store entry and its session end. */
export async function endDroppedSet(
  kit: Kit,
  key: string,
  dropped: TokenCycler,
  stopped: Promise<unknown>,
  context: SessionEndContext,
): Promise<void> {
  await stopped;
  const held = dropped.current;
  const store = await context.store?.();
  if (held && store) await store.deleteIf(key, held.accessToken);
  await endSessions(kit, [held], context);
}

/** Ends the sessions of `tokens` (logout or revocation), each once: the newest token of each. */
export async function endSessions(
  kit: Kit,
  tokens: Array<TokenSet | undefined>,
  context: SessionEndContext,
): Promise<void> {
  const toEnd = distinctSessions(tokens);
  if (context.config.logout === false || !toEnd[0]) return;
  await endSessionsOf(kit, toEnd, context);
  for (const token of toEnd) context.sessions.ended(token);
}

/** One token per session, the newest of each (a refresh token shared by sets: once). */
function distinctSessions(tokens: Array<TokenSet | undefined>): TokenSet[] {
  const newest = new Map<string, TokenSet>();
  for (const token of tokens) {
    if (!token) continue;
    const id = token.sessionId ?? token.refreshToken ?? token.accessToken;
    const seen = newest.get(id);
    if (!seen || token.issuedAt >= seen.issuedAt) newest.set(id, token); // a tie: the later one
  }
  return [...newest.values()];
}

/**
 * Ends each session in `tokens` (one token per session) at the configured or
 * discovered endpoint: Keycloak logout or RFC 7009 revocation. Loaded only when a
 * manager has a session to end. Every session is tried; the first failure is thrown.
 */
async function endSessionsOf(
  kit: Kit,
  tokens: TokenSet[],
  context: SessionEndContext,
): Promise<void> {
  const { config, emit } = context;
  if (config.logout === false) return;
  const known = config.issuer ? await context.discovered() : undefined;
  const kind = config.logout === 'auto' ? 'revocation' : config.logout.kind;
  const endpoint =
    config.logout === 'auto'
      ? known?.revocationEndpoint
      : (config.logout.endpoint ??
        (kind === 'keycloak' ? known?.endSessionEndpoint : known?.revocationEndpoint));
  if (!endpoint) {
    if (config.logout === 'auto') return;
    throw new kit.InvalidOptionsError(
      'logout.endpoint',
      `the issuer's metadata has no ${kind} endpoint`,
    );
  }
  let failure: unknown;
  for (const token of tokens) {
    try {
      const ended = await endSession(kit, token, {
        kind,
        endpoint,
        client: config.client,
        fetch: config.fetch,
        timeoutMs: config.timeoutMs,
        redact: context.redact,
      });
      if (ended) emit({ type: 'logged_out', kind });
    } catch (error) {
      emit({
        type: 'logout_failed',
        kind,
        status: error instanceof kit.TokenEndpointError ? error.status : undefined,
      });
      failure ??= error;
    }
  }
  if (failure) throw failure;
}
