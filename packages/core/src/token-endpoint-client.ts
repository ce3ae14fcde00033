import { httpCall } from './http-call.ts';
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
  dpop?: { prove(method: string, url: string): Promise<string> } | undefined;
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
    const { retryAttempts } = await import('./retry-loop.ts');
    return retryAttempts(() => attempt(request, context), error, startedAt, context);
  }
}

async function attempt(request: TokenRequest, context: TokenRequestContext): Promise<TokenSet> {
  const { url, init } = await buildTokenRequest(context.endpoint, request, context.client);
  if (context.dpop) {
    (init.headers as Record<string, string>).dpop = await context.dpop.prove(
      init.method ?? 'POST',
      context.endpoint.href,
    );
  }
  const sentAt = context.now();
  const response = await httpCall({
    url,
    init,
    fetch: context.fetch,
    timeoutMs: context.timeoutMs,
    label: 'Token endpoint',
    redact: context.redact,
  });
  const token = parseTokenResponse(response, {
    sentAt,
    defaultLifetimeMs: context.defaultLifetimeMs,
    previous: request.previous,
    redact: context.redact,
    dpop: context.dpop !== undefined,
  });
  context.onIssued(token);
  return token;
}
