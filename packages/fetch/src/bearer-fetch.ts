import {
  type BearerOptions,
  bearerChoice,
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

  // A Request here is always the wrapper's own copy, `init` already applied: it goes alone, with
  // the headers set on it. Anything else goes with a copy of `init` that has them.
  const send = (input: RequestInfo | URL, init: RequestInit, added?: Credentials['headers']) => {
    if (!(input instanceof Request))
      return fetchOf()(input, added ? withHeaders(init, added) : init);
    for (const name in added) input.headers.set(name, added[name]!);
    return fetchOf()(input);
  };

  return async (input, { bearer, ...init } = {}) => {
    const choice = bearerChoice(bearer, 'init.bearer');
    if (choice === false) return fetchOf()(input, init);
    // A Request carries its own headers, method, body and signal: work on a copy with `init`
    // applied (so the caller's stays unsent), and on a clone of that for the resend. A URL or a
    // string builds no Request: the caller's init goes on, with the token's headers in a copy.
    const request = input instanceof Request ? new Request(input, init) : undefined;
    const target = request ?? input;
    const { headers, method, signal } = request ?? init;
    const url = request ? request.url : String(input);
    if (hasAuthorization(headers) || !policy.appliesTo(url)) return send(target, init);
    const outgoing: OutgoingRequest = {
      method: method && NORMALIZED.test(method) ? method.toUpperCase() : (method ?? 'GET'),
      url,
      signal,
      params: choice,
    };
    const sent = await policy.authorize(outgoing);
    // Keep a second copy before the first send consumes the body; a one-shot body is never resent.
    const replay = request && !isOneShotBody(init.body) ? request.clone() : undefined;
    const response = await send(target, init, sent.headers);
    const { status } = response;
    let fresh: Credentials | undefined;
    try {
      // Most responses are not 401s: they go back without another promise. Strings,
      // URLSearchParams, FormData, Blob and buffers can be sent again; a stream in `init` cannot.
      if (status === 401 ? !isOneShotBody(init.body) : policy.watchesEveryResponse)
        fresh = await policy.renew(
          status,
          response.headers.get.bind(response.headers),
          sent,
          outgoing,
        );
    } finally {
      // No resend (renew may also have thrown): release the body the clone holds.
      if (!fresh) void replay?.body?.cancel();
    }
    if (!fresh) return response;
    void response.body?.cancel(); // the caller gets the resend, not this 401: free its connection
    return send(replay ?? input, init, fresh.headers);
  };
}

// Regular expressions live out here: a literal in a function is a new object on every call.
// fetch upper-cases these methods whatever their case (Fetch standard, "normalize a method").
const NORMALIZED = /^(delete|get|head|options|post|put)$/i;
const AUTHORIZATION = /^authorization$/i;

/** True when the caller set `Authorization` (any case, any `HeadersInit` form): theirs wins. */
function hasAuthorization(headers: HeadersInit | undefined): boolean {
  if (headers instanceof Headers) return headers.has('authorization');
  return (
    !!headers &&
    (Array.isArray(headers) ? headers.map(([name]) => name) : Object.keys(headers)).some((name) =>
      AUTHORIZATION.test(name),
    )
  );
}

// A copy of `init` with the credentials' headers added; the caller's own objects are left as they were.
function withHeaders(init: RequestInit, added: Credentials['headers']): RequestInit {
  let { headers } = init;
  if (headers instanceof Headers || Array.isArray(headers)) {
    headers = new Headers(headers);
    for (const name in added) headers.set(name, added[name]!);
  } else headers = { ...headers, ...added };
  return { ...init, headers };
}
