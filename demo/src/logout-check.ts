import { TokenManagerDisposedError } from '@tokenkeeper/core';
import type { OidcServer } from '@tokenkeeper/test-utils';
import type { RunningClient } from './start-clients.ts';

/** What disposing the managers did on the server. */
export interface LogoutResult {
  /** Revocation requests the server received during dispose. */
  revoked: number;
  /** Sessions the server still honours: live refresh tokens, plus access tokens of clients without one. */
  live: number;
  /** True when every manager refuses to hand out tokens afterwards. */
  refusedAfterwards: boolean;
}

/**
 * Disposes every manager (each revokes what it holds: its refresh token, or
 * its access token when it has none), then asks the server what is left.
 */
export async function disposeAndCheck(
  idp: OidcServer,
  clients: readonly RunningClient[],
): Promise<LogoutResult> {
  const before = idp.stats().revocations;
  await Promise.all(clients.map((client) => client.tokens.dispose()));
  const revoked = idp.stats().revocations - before;

  // A refresh session is live while its refresh token is; a client-credentials session while its access token is accepted.
  const accessOnly = clients
    .map((client) => client.watch.latest())
    .filter((issued) => issued !== undefined && issued.refreshToken === undefined);
  const accepted = await Promise.all(
    accessOnly.map((issued) => idp.verifyAccessToken(issued!.accessToken)),
  );
  const live = idp.stats().liveRefreshTokens + accepted.filter(Boolean).length;

  const refusals = await Promise.all(
    clients.map((client) =>
      client.tokens.getAccessToken().then(
        () => false,
        (error: unknown) => error instanceof TokenManagerDisposedError,
      ),
    ),
  );
  return { revoked, live, refusedAfterwards: refusals.every(Boolean) };
}
