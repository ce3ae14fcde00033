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
  response: { status: number; retryAfter?: string | null | undefined },
  body: unknown,
  redact: Redactor,
): TokenEndpointError | undefined {
  const { status } = response;
  const retryAfterMs = parseRetryAfter(response.retryAfter, Date.now());
  const fields = isRecord(body) && typeof body.error === 'string' ? body : undefined;
  // A 5xx is the server failing, not an OAuth error response: whatever its body says.
  if (fields && status < 500) {
    const error = truncate(redact(String(fields.error)), 80);
    const description =
      typeof fields.error_description === 'string'
        ? truncate(redact(fields.error_description))
        : undefined;
    return new TokenEndpointError(
      `${label} answered ${status}: ${error}${description ? ` (${description})` : ''}`,
      { status, error, errorDescription: description, retryAfterMs },
    );
  }
  if (status < 200 || status > 299) {
    return new TokenEndpointError(`${label} answered HTTP ${status}`, { status, retryAfterMs });
  }
  return undefined;
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
