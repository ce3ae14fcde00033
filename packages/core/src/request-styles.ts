import type { EndpointRequest, Params } from './token-request.ts';

/**
 * The two request styles some providers demand instead of RFC 6749's form:
 * - `json`: `POST` with a JSON object body (Auth0-style);
 * - `query`: `GET` with every parameter in the query string (the client secret
 *   then sits in a URL that proxies log: opt-in only, and the URL is never logged).
 */
export function buildStyledRequest(
  style: 'json' | 'query',
  endpoint: URL,
  params: Params,
  authHeaders: Record<string, string>,
): EndpointRequest {
  // `accept` is set here rather than by the caller: its bytes load only with these styles.
  const headers = { accept: 'application/json', ...authHeaders };
  if (style === 'query') {
    const url = new URL(endpoint);
    for (const [name, value] of params) url.searchParams.append(name, value);
    return { url: url.href, init: { method: 'GET', headers } };
  }
  return {
    url: endpoint.href,
    init: {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(Object.fromEntries(params)),
    },
  };
}
