import {
  type BearerOptions,
  bearerHeader,
  createBearerPolicy,
  isOneShotBody,
  originOf,
  type TokenSource,
} from '@tokenkeeper/core';
import type { AfterResponseHook, BeforeRedirectHook, BeforeRequestHook, InitHook } from 'got';

/** The hooks {@link bearerHooks} returns: pass them as `hooks` to `got.extend`. */
export interface BearerHooks {
  init: InitHook[];
  beforeRequest: BeforeRequestHook[];
  afterResponse: AfterResponseHook[];
  beforeRedirect: BeforeRedirectHook[];
}

/** What one got call has sent; kept out of `context` itself, which people log. */
interface Sent {
  origin: string | undefined;
  token: string;
  retried: boolean;
}

// got copies `context` (symbol keys included) into every retry and redirect of a call.
const key = Symbol('tokenkeeper');
const oneShot = Symbol('tokenkeeper.oneShot');
type Context = Record<string | symbol, unknown>;

/**
 * got hooks that put `Authorization: Bearer <token>` on requests to the
 * allowed origins (default: the origin of `prefixUrl`, or every request
 * without one) and resend a request once with a fresh token after a 401 that
 * answered its token, through `retryWithMergedOptions`. A second 401, a 403 and
 * every other response go on as they are. A caller's own `Authorization`
 * header wins; `context: { bearer: false }` sends a request without the token.
 *
 * A redirect to another origin never carries the token. A stream body (a Node
 * `Readable`, a web `ReadableStream`, an iterator) cannot be sent twice: after
 * a 401 the caller gets that 401.
 *
 * @example
 * const api = got.extend({ prefixUrl: 'https://api.example.com', hooks: bearerHooks(tokens) });
 * const orders = await api.get('orders').json();
 * await api.get('health', { context: { bearer: false } }); // no token
 */
export function bearerHooks(tokens: TokenSource, options: BearerOptions = {}): BearerHooks {
  const policy = createBearerPolicy(tokens, options);
  const calls = new WeakMap<object, Sent>();
  const sentBy = (context: Context) => calls.get(context[key] as object);
  return {
    init: [
      // Only here is the caller's own body in sight: got later turns FormData into a stream too.
      // Set on the call's own `context` object: merging options would drop a symbol key.
      (raw, call) => {
        if (isOneShotBody(raw.body)) (call.context as Context)[oneShot] = true;
      },
    ],
    beforeRequest: [
      async (request) => {
        const context: Context = request.context;
        const url = String(request.url);
        const sent = sentBy(context);
        if (context.bearer === false) return;
        // Once the token is ours, a retry or same-origin redirect gets the current one.
        if (sent ? originOf(url) !== sent.origin : request.headers.authorization !== undefined)
          return;
        if (!policy.appliesTo(url, String(request.prefixUrl))) return;
        const token = await policy.authorize(request.signal);
        request.headers.authorization = bearerHeader(token);
        if (sent) sent.token = token;
        else {
          const handle = {};
          calls.set(handle, { origin: originOf(url), token, retried: false });
          context[key] = handle;
        }
      },
    ],
    afterResponse: [
      async (response, retryWithMergedOptions) => {
        const { context, signal } = response.request.options;
        const sent = sentBy(context);
        if (!sent || sent.retried || response.statusCode !== 401 || (context as Context)[oneShot])
          return response;
        sent.retried = true;
        const token = await policy.renew(401, sent.token, signal);
        if (token === undefined) return response;
        return retryWithMergedOptions({ headers: { authorization: bearerHeader(token) } });
      },
    ],
    beforeRedirect: [
      (next) => {
        const sent = sentBy(next.context);
        if (sent && originOf(String(next.url)) !== sent.origin) delete next.headers.authorization;
      },
    ],
  };
}
