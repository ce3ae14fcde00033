import {
  type BearerOptions,
  bearerHeader,
  createBearerPolicy,
  type TokenSource,
} from '@tokenkeeper/core';
import ky, { type AfterResponseHook, type BeforeRequestHook } from 'ky';

/** The hooks {@link bearerHooks} returns: pass them as `hooks` to `ky.create` or `extend`. */
export interface BearerHooks {
  beforeRequest: BeforeRequestHook[];
  afterResponse: AfterResponseHook[];
}

/**
 * ky hooks that put `Authorization: Bearer <token>` on requests to the allowed
 * origins (default: the origin of `baseUrl`, or of an absolute `prefix`, or
 * every request without either) and resend a request once with a fresh token
 * after a 401 that answered its token, through `ky.retry()`. A second 401, a
 * 403 and every other response go on as they are. A caller's own
 * `Authorization` header wins; `context: { bearer: false }` sends a request
 * without the token.
 *
 * The resend counts against `retry.limit` (ky's default is 2): with
 * `retry: 0` ky keeps no copy of the request, and the caller gets the 401.
 * Redirects are followed by fetch, which drops `Authorization` when the origin
 * changes.
 *
 * @example
 * const api = ky.create({ baseUrl: 'https://api.example.com/', hooks: bearerHooks(tokens) });
 * const orders = await api.get('orders').json();
 * await api.get('health', { context: { bearer: false } }); // no token
 */
export function bearerHooks(tokens: TokenSource, options: BearerOptions = {}): BearerHooks {
  const policy = createBearerPolicy(tokens, options);
  // One ky call has one `context` object from start to end, retries included.
  const sent = new WeakMap<object, string>();
  return {
    beforeRequest: [
      async ({ request, options: { baseUrl, prefix, context } }) => {
        // An absolute `prefix` decides the origin before `baseUrl` is looked at (a scheme test,
        // not a URL parse: this runs on every request, and the policy parses the one it gets).
        const base =
          typeof prefix === 'string' && /^[a-z][a-z\d+\-.]*:/i.test(prefix) ? prefix : baseUrl;
        if (
          context.bearer === false ||
          request.headers.has('authorization') ||
          !policy.appliesTo(request.url, base)
        )
          return;
        const token = await policy.authorize(request.signal);
        request.headers.set('authorization', bearerHeader(token));
        sent.set(context, token);
      },
    ],
    afterResponse: [
      async ({ request, response, options: { context, retry }, retryCount }) => {
        const token = sent.get(context);
        if (token === undefined || response.status !== 401 || retryCount >= retry.limit) return;
        sent.delete(context);
        const fresh = await policy.renew(401, token, request.signal);
        if (fresh === undefined) return;
        request.headers.set('authorization', bearerHeader(fresh));
        return ky.retry({ request, delay: 0, code: 'BEARER_TOKEN_RENEWED' });
      },
    ],
  };
}
