import { httpCall } from './http-call.ts';
import { kit } from './kit.ts';
import { parseTokenResponse } from './parse-token-response.ts';
import type { Redactor } from './redact.ts';
import { isRetryable, type RetryPolicy } from './retry-policy.ts';
import { buildTokenRequest, type ClientProfile, type Params } from './token-request.ts';
import type { TokenSet } from './token-set.ts';

export interface TokenRequestContext {
  endpoint: URL;
  client: ClientProfile;
  fetch: typeof fetch;
  timeoutMs: number;
  retry: RetryPolicy;
  defaultLifetimeMs: number;
  redact: Redactor;
  /** Aborting it stops further retries (an attempt under way still completes). */
  signal: AbortSignal;
  now: () => number;
  onRetry: (attempt: number, status: number | undefined, delayMs: number) => void;
  /** Called with a token the moment it is parsed, even if the flight is then cut short by dispose. */
  onIssued: (token: TokenSet) => void;
  /** DPoP is on: `token_type: DPoP` is accepted, and `prove` signs a proof per attempt. */
  dpop?: import('./dpop-handle.ts').DpopHandle['forTokenEndpoint'] | undefined;
}

/** What one token request sends besides the client's own parameters. */
export interface TokenRequest {
  grant: Params;
  /** The token set this request replaces (a refresh keeps its refresh token when none is sent back). */
  previous: TokenSet | undefined;
  /** Scope, audience and resource go out with this request (a refresh of the manager's own set leaves them out). */
  withTokenParams: boolean;
}

/**
 * Asks the token endpoint for a token with one grant. The first attempt is
 * made here; only a failure worth retrying (network, 408, 429, 5xx) loads the
 * retry loop, so the common case carries none of it.
 */
export async function requestToken(
  request: TokenRequest,
  context: TokenRequestContext,
): Promise<TokenSet> {
  const startedAt = context.now();
  try {
    return await attempt(request, context);
  } catch (error) {
    if (!isRetryable(error) || context.retry.retries === 0 || context.signal.aborted) throw error;
    // A page that lost the network may not load the retry loop either: then this failure stands.
    const loop = await import('./retry-loop.ts').catch(() => undefined);
    if (!loop) throw error;
    return loop.retryAttempts(kit, () => attempt(request, context), error, startedAt, context);
  }
}

async function attempt(
  request: TokenRequest,
  context: TokenRequestContext,
  nonceRetry = false,
): Promise<TokenSet> {
  const { url, init } = await buildTokenRequest(context.endpoint, request, context.client);
  const { dpop } = context;
  if (dpop) init.headers.dpop = await dpop.prove(init.method ?? 'POST', context.endpoint.href);
  const sentAt = context.now();
  const response = await httpCall({
    url,
    init,
    fetch: context.fetch,
    timeoutMs: context.timeoutMs,
    label: 'Token endpoint',
    redact: context.redact,
  });
  if (dpop && response.dpopNonce) dpop.rememberNonce(context.endpoint.href, response.dpopNonce);
  try {
    const token = parseTokenResponse(response, {
      sentAt,
      defaultLifetimeMs: context.defaultLifetimeMs,
      previous: request.previous,
      redact: context.redact,
      dpop: dpop !== undefined,
    });
    context.onIssued(token);
    return token;
  } catch (error) {
    // RFC 9449 §8: the server wants a nonce in the proof; it sent one: once more with it.
    const wantsNonce = (error as { error?: unknown }).error === 'use_dpop_nonce';
    if (dpop && wantsNonce && response.dpopNonce && !nonceRetry) {
      return attempt(request, context, true);
    }
    throw error;
  }
}
