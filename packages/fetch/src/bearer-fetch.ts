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
  const send = (request: Request) => (options.fetch ?? globalThis.fetch)(request);
  return async (input, init = {}) => {
    const { bearer, ...requestInit } = init;
    const request = new Request(input, requestInit);
    if (bearer === false || request.headers.has('authorization') || !policy.appliesTo(request.url))
      return send(request);
    const token = await policy.authorize(request.signal);
    request.headers.set('authorization', bearerHeader(token));
    // Keep a second copy before the first send consumes the body.
    const replay = isOneShotBody(requestInit.body) ? undefined : request.clone();
    const response = await send(request);
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
    return send(replay);
  };
}
