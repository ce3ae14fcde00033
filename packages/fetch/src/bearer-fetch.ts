import {
  type BearerOptions,
  bearerHeader,
  createBearerPolicy,
  isOneShotBody,
  type TokenSource,
} from '@tokenkeeper/core';

/** `RequestInit` plus the per-request opt-out. */
export interface BearerRequestInit extends RequestInit {
  /** `false` sends this request without the token and without the 401 retry. @default true */
  bearer?: boolean | undefined;
}

/** A `fetch` that puts the token on requests to allowed origins. */
export type BearerFetch = (input: RequestInfo | URL, init?: BearerRequestInit) => Promise<Response>;

/** Options of {@link bearerFetch}. */
export interface BearerFetchOptions extends BearerOptions {
  /** The fetch to send with. @default globalThis.fetch, looked up on every call */
  fetch?: typeof fetch | undefined;
}

/**
 * Wraps `fetch` so that requests to the allowed origins carry
 * `Authorization: Bearer <token>`, and a 401 that answered that token is sent
 * once more with a fresh one. A second 401, a 403 and everything else come back
 * as they are. The caller's own `Authorization` header wins.
 *
 * A body given as a `ReadableStream` or an async iterable in `init` can be read
 * only once: after a 401 the wrapper returns that 401 rather than resend it.
 * A `Request` with a body is kept with `request.clone()`, which buffers its body.
 * Cross-origin redirects are left to the platform: the Fetch standard drops
 * `Authorization` on them (Node's fetch does).
 *
 * @example
 * const api = bearerFetch(tokens, { origins: ['https://api.example.com'] });
 * const res = await api('https://api.example.com/orders');
 * await api('https://api.example.com/public', { bearer: false }); // no token
 */
export function bearerFetch(tokens: TokenSource, options: BearerFetchOptions = {}): BearerFetch {
  const policy = createBearerPolicy(tokens, options);
  const fetchOf = () => options.fetch ?? globalThis.fetch;

  // A Request carries its own headers, body and signal: work on (a clone of) it.
  const viaRequest = async (input: Request, init: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (request.headers.has('authorization') || !policy.appliesTo(request.url))
      return fetchOf()(request);
    const token = await policy.authorize(request.signal);
    request.headers.set('authorization', bearerHeader(token));
    // Keep a second copy before the first send consumes the body.
    const replay = isOneShotBody(init.body) ? undefined : request.clone();
    const response = await fetchOf()(request);
    if (response.status !== 401 || !replay) {
      void replay?.body?.cancel();
      return response;
    }
    const fresh = await policy.renew(401, token, request.signal).catch((error: unknown) => {
      void replay.body?.cancel();
      throw error;
    });
    if (!fresh) return response;
    void response.body?.cancel(); // the caller gets the resend, not this 401: free its connection
    replay.headers.set('authorization', bearerHeader(fresh));
    return fetchOf()(replay);
  };

  return async (input, init = {}) => {
    const { bearer, ...requestInit } = init;
    if (bearer === false) return fetchOf()(input, requestInit);
    if (input instanceof Request) return viaRequest(input, requestInit);
    // A URL or a string: no Request is built, the caller's init is passed on with one more header.
    const url = typeof input === 'string' ? input : input.href;
    if (hasAuthorization(requestInit.headers) || !policy.appliesTo(url))
      return fetchOf()(input, requestInit);
    const signal = requestInit.signal ?? undefined;
    const token = await policy.authorize(signal);
    const response = await fetchOf()(input, withAuthorization(requestInit, token));
    // Strings, URLSearchParams, FormData, Blob and buffers can be sent again as they are.
    if (response.status !== 401 || isOneShotBody(requestInit.body)) return response;
    const fresh = await policy.renew(401, token, signal);
    if (!fresh) return response;
    void response.body?.cancel(); // the caller gets the resend, not this 401: free its connection
    return fetchOf()(input, withAuthorization(requestInit, fresh));
  };
}

function hasAuthorization(headers: HeadersInit | undefined): boolean {
  if (!headers) return false;
  if (headers instanceof Headers) return headers.has('authorization');
  const names = Array.isArray(headers) ? headers.map(([name]) => name) : Object.keys(headers);
  return names.some((name) => name.toLowerCase() === 'authorization');
}

// A copy of `init` with the bearer header added; the caller's own objects are left as they were.
function withAuthorization(init: RequestInit, token: string): RequestInit {
  const value = bearerHeader(token);
  const { headers } = init;
  if (headers instanceof Headers) {
    const copy = new Headers(headers);
    copy.set('authorization', value);
    return { ...init, headers: copy };
  }
  if (Array.isArray(headers)) return { ...init, headers: [...headers, ['authorization', value]] };
  return { ...init, headers: { ...headers, authorization: value } };
}
