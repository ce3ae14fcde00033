import {
  type BearerOptions,
  type Credentials,
  createBearerPolicy,
  isOneShotBody,
  type OutgoingRequest,
  type TokenParams,
  type TokenSource,
} from '@tokenkeeper/core';

/** `RequestInit` plus the per-request token choice. */
export interface BearerRequestInit extends RequestInit {
  /**
   * `false` sends this request without the token and without the 401 retry;
   * `{ scope, audience, resource }` sends it with the token of that set (they
   * override the wrapper's own).
   * @default true: the wrapper's own token set
   */
  bearer?: boolean | TokenParams | undefined;
}

/** A `fetch` that puts the token on requests to allowed origins. */
export type BearerFetch = (input: RequestInfo | URL, init?: BearerRequestInit) => Promise<Response>;

/** Options of {@link bearerFetch}. */
export interface BearerFetchOptions extends BearerOptions {
  /** The fetch to send with. @default globalThis.fetch, looked up on every call */
  fetch?: typeof fetch | undefined;
}

/**
 * Wraps `fetch` so that requests to the allowed origins carry the token
 * (`Authorization: Bearer <token>`, or `DPoP` with its proof), and a 401 that
 * answered that token is sent once more with a fresh one. A 401 with
 * `WWW-Authenticate: Bearer error="insufficient_scope"`, a second 401, a 403
 * and everything else come back as they are. The caller's own `Authorization`
 * header wins. `init.bearer` picks the token set per request (`{ scope }`), or
 * none (`false`).
 *
 * fetch has no base URL: without `origins`, every request gets the token.
 * A body given as a `ReadableStream` or an async iterable in `init` can be read
 * only once: after a 401 the wrapper returns that 401 rather than resend it.
 * A `Request` with a body is kept with `request.clone()`, which buffers its body.
 * Cross-origin redirects are left to the platform: the Fetch standard drops
 * `Authorization` on them (Node's fetch does).
 *
 * @example
 * const api = bearerFetch(tokens, { origins: ['https://api.example.com'] });
 * const res = await api('https://api.example.com/orders');
 * await api('https://api.example.com/orders', { method: 'POST', bearer: { scope: 'orders:write' } });
 * await api('https://api.example.com/public', { bearer: false }); // no token
 */
export function bearerFetch(tokens: TokenSource, options: BearerFetchOptions = {}): BearerFetch {
  const policy = createBearerPolicy(tokens, options);
  const fetchOf = () => options.fetch ?? globalThis.fetch;

  // A Request carries its own headers, body and signal: work on (a clone of) it.
  const viaRequest = async (
    input: Request,
    init: RequestInit,
    params: TokenParams | undefined,
  ): Promise<Response> => {
    const request = new Request(input, init);
    if (request.headers.has('authorization') || !policy.appliesTo(request.url))
      return fetchOf()(request);
    const outgoing: OutgoingRequest = {
      method: request.method,
      url: request.url,
      signal: request.signal,
      params,
    };
    const sent = await policy.authorize(outgoing);
    for (const name in sent.headers) request.headers.set(name, sent.headers[name]!);
    // Keep a second copy before the first send consumes the body.
    const replay = isOneShotBody(init.body) ? undefined : request.clone();
    const response = await fetchOf()(request);
    if (!replay || (response.status !== 401 && !policy.watchesEveryResponse)) {
      void replay?.body?.cancel();
      return response;
    }
    const fresh = await policy
      .renew(response.status, readerOf(response), sent, outgoing)
      .catch((error: unknown) => {
        void replay.body?.cancel();
        throw error;
      });
    if (!fresh) {
      void replay.body?.cancel();
      return response;
    }
    void response.body?.cancel(); // the caller gets the resend, not this 401: free its connection
    for (const [name, value] of Object.entries(fresh.headers)) replay.headers.set(name, value);
    return fetchOf()(replay);
  };

  return async (input, init = {}) => {
    const { bearer, ...requestInit } = init;
    if (bearer === false) return fetchOf()(input, requestInit);
    const params = typeof bearer === 'object' && bearer !== null ? bearer : undefined;
    if (input instanceof Request) return viaRequest(input, requestInit, params);
    // A URL or a string: no Request is built, the caller's init is passed on with the token's headers.
    const url = typeof input === 'string' ? input : input.href;
    if (hasAuthorization(requestInit.headers) || !policy.appliesTo(url))
      return fetchOf()(input, requestInit);
    const outgoing: OutgoingRequest = {
      method: methodOf(requestInit.method),
      url,
      signal: requestInit.signal,
      params,
    };
    const sent = await policy.authorize(outgoing);
    const response = await fetchOf()(input, withHeaders(requestInit, sent));
    // Most responses are not 401s: they go back without another promise.
    if (response.status !== 401 && !policy.watchesEveryResponse) return response;
    // Strings, URLSearchParams, FormData, Blob and buffers can be sent again as they are.
    if (response.status === 401 && isOneShotBody(requestInit.body)) return response;
    const fresh = await policy.renew(response.status, readerOf(response), sent, outgoing);
    if (!fresh) return response;
    void response.body?.cancel(); // the caller gets the resend, not this 401: free its connection
    return fetchOf()(input, withHeaders(requestInit, fresh));
  };
}

function readerOf(response: Response) {
  return (name: string) => response.headers.get(name);
}

// fetch upper-cases these methods whatever their case (Fetch standard, "normalize a method").
const NORMALIZED = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

function methodOf(method: string | undefined): string {
  if (method === undefined) return 'GET';
  const upper = method.toUpperCase();
  return NORMALIZED.has(upper) ? upper : method;
}

function hasAuthorization(headers: HeadersInit | undefined): boolean {
  if (!headers) return false;
  if (headers instanceof Headers) return headers.has('authorization');
  const names = Array.isArray(headers) ? headers.map(([name]) => name) : Object.keys(headers);
  return names.some((name) => name.toLowerCase() === 'authorization');
}

// A copy of `init` with the credentials' headers added; the caller's own objects are left as they were.
function withHeaders(init: RequestInit, credentials: Credentials): RequestInit {
  const added = credentials.headers;
  const { headers } = init;
  if (headers instanceof Headers) {
    const copy = new Headers(headers);
    for (const [name, value] of Object.entries(added)) copy.set(name, value);
    return { ...init, headers: copy };
  }
  if (Array.isArray(headers)) return { ...init, headers: [...headers, ...Object.entries(added)] };
  return { ...init, headers: { ...headers, ...added } };
}
