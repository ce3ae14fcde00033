import { TokenEndpointError } from './errors.ts';
import { type Redactor, truncate } from './redact.ts';
import { parseRetryAfter } from './retry-policy.ts';

/**
 * The one place an authorization server's failure becomes a {@link TokenEndpointError},
 * for token, revocation, logout and discovery calls alike. An OAuth error body
 * (RFC 6749 §5.2, RFC 7009 §2.2.1) below 500 gives `error` and `errorDescription`;
 * anything else non-2xx (an empty body, an HTML page, any 5xx) is reported by status alone.
 *
 * @returns `undefined` for a 2xx without an `error` member: not a failure.
 */
export function readOAuthError(
  label: string,
  { status, retryAfter }: { status: number; retryAfter?: string | null | undefined },
  body: unknown,
  redact: Redactor,
): TokenEndpointError | undefined {
  let error: string | undefined;
  let errorDescription: string | undefined;
  // A 5xx is the server failing, not an OAuth error response: whatever its body says.
  if (isRecord(body) && typeof body.error === 'string' && status < 500) {
    error = truncate(redact(body.error), 80);
    const description = body.error_description;
    if (typeof description === 'string') errorDescription = truncate(redact(description));
  } else if (status > 199 && status < 300) {
    return undefined;
  }
  return new TokenEndpointError(
    `${label} answered ${status}${error ? `: ${error}` : ''}${errorDescription ? ` (${errorDescription})` : ''}`,
    { status, error, errorDescription, retryAfterMs: parseRetryAfter(retryAfter, Date.now()) },
  );
}

/** JSON text as a value, `undefined` when it does not parse. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
