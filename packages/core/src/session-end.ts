import type { ServerEndpoints } from './discovery.ts';
import { endSession } from './end-session.ts';
import type { TokenManagerEvent } from './events.ts';
import type { Kit } from './kit.ts';
import type { Redactor } from './redact.ts';
import type { ResolvedOptions } from './resolve-options.ts';
import type { TokenSet } from './token-set.ts';

export interface SessionEndContext {
  config: ResolvedOptions;
  discovered: () => Promise<ServerEndpoints>;
  redact: Redactor;
  emit: (event: TokenManagerEvent) => void;
}

/**
 * Ends each session in `tokens` (one token per session) at the configured or
 * discovered endpoint: Keycloak logout or RFC 7009 revocation. Loaded only when a
 * manager has a session to end. Every session is tried; the first failure is thrown.
 */
export async function endSessionsOf(
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
