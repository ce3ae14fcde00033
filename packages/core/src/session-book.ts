import type { TokenSet } from './token-set.ts';

/**
 * The sessions a manager knows of, across its token sets: which it opened with a
 * login of its own (and must end), and the newest refresh token, which every
 * token set refreshes with (RFC 6749 §6), so that one login serves many scopes
 * and a provider with a session limit sees one session.
 */
export interface SessionBook {
  /**
   * A token arrived: `login` when a primary grant opened a new session with it, replacing
   * `replaced` (whose session is then given up, as the refresh that would keep it failed or
   * never applied).
   */
  note(token: TokenSet, login: boolean, replaced?: TokenSet): void;
  /** The newest token set that holds a refresh token, of any token set. */
  readonly newestRefresh: TokenSet | undefined;
  /**
   * `replaced` gives way to `adopted` from a shared store: when they belong to different
   * sessions, returns the newest token this manager knows of `replaced`'s session, to end.
   * Whether this manager opened that session or refreshed it alone (with strict rotation,
   * during a store outage, only it holds the live refresh token), no one else will end it:
   * the store now names another session.
   */
  adopt(adopted: TokenSet, replaced: TokenSet | undefined): TokenSet | undefined;
  /** The sessions still open that this manager opened, newest token of each. */
  opened(): TokenSet[];
  /** Forgets a session once it ended. */
  ended(token: TokenSet): void;
  /**
   * Runs `work` when no other token set's session work runs: a refresh spends a rotating
   * refresh token, and a login opens a session, so two sets doing either at once would
   * refuse each other's refresh token or open two sessions. The second set then refreshes
   * with the first one's fresh refresh token instead.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
}

export function createSessionBook(): SessionBook {
  const opened = new Map<string, TokenSet>();
  let newestRefresh: TokenSet | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    exclusive(work) {
      const run = queue.then(work, work);
      queue = run.catch(() => {});
      return run;
    },
    note(token, login, replaced) {
      if (login && replaced?.sessionId) opened.delete(replaced.sessionId);
      const id = token.sessionId!;
      if (login || opened.has(id)) opened.set(id, token);
      if (token.refreshToken && token.issuedAt >= (newestRefresh?.issuedAt ?? 0)) {
        newestRefresh = token;
      }
    },
    get newestRefresh() {
      return newestRefresh;
    },
    adopt(adopted, replaced) {
      const id = replaced?.sessionId;
      if (!id || id === adopted.sessionId) return undefined;
      const own = [opened.get(id), newestRefresh, replaced]
        .filter((token) => token?.sessionId === id)
        .reduce((a, b) => (b!.issuedAt > a!.issuedAt ? b : a));
      opened.delete(id);
      if (newestRefresh?.sessionId === id)
        newestRefresh = adopted.refreshToken ? adopted : undefined;
      return own;
    },
    opened: () => [...opened.values()],
    ended: (token) => opened.delete(token.sessionId!),
  };
}
