import {
  type BearerOptions,
  bearerChoice,
  type Credentials,
  createBearerPolicy,
  type OutgoingRequest,
  type TokenParams,
  type TokenSource,
} from '@tokenkeeper/core';
import {
  type BeforeRequestHook,
  type BeforeRetryHook,
  ForceRetryError,
  type InitHook,
  type Input,
  type Options,
} from 'ky';

/** The hooks {@link bearerHooks} returns: pass them as `hooks` to `ky.create` or `extend`. */
export interface BearerHooks {
  init: InitHook[];
  beforeRequest: BeforeRequestHook[];
  beforeRetry: BeforeRetryHook[];
}

/**
 * What a request's `context` may hold for these hooks: `bearer: false` sends it
 * without the token, `bearer: { scope, audience, resource }` with the token of
 * that set. ky types `context` as `Record<string, unknown>`; write
 * `context: { bearer: { scope: 'a' } } satisfies BearerContext` to have it checked.
 */
export interface BearerContext {
  bearer?: boolean | TokenParams | undefined;
}

/** One ky call, from its `init` hook to its last attempt. */
interface Call {
  /** The fetch ky would have called: the caller's `fetch` option, else the global one. */
  fetch: Options['fetch'];
  /** ky's `retry.limit` for this call: the resend is one of its retries. */
  limit: number;
  attempts: number;
  sent: Credentials | undefined;
  request: OutgoingRequest | undefined;
  /** The 401 that answered the token, until `beforeRetry` decides on the resend. */
  refused: Response | undefined;
  renewed: boolean;
}

// ky's own default `retry.limit`.
const DEFAULT_RETRY_LIMIT = 2;
const RENEWED = 'BEARER_TOKEN_RENEWED';
// A URL scheme (RFC 3986 §3.1). Out here: a literal in a function is a new object per request.
const SCHEME = /^[a-z][a-z\d+\-.]*:/i;

/**
 * ky hooks that put the token (`Authorization: Bearer <token>`, or `DPoP` with
 * its proof) on requests to the allowed origins, and resend a request once with
 * a fresh token after a 401 that answered its token, as one of ky's retries. A
 * 401 with `WWW-Authenticate: Bearer error="insufficient_scope"`, a second 401,
 * a 403 and every other response go on as they are. A caller's own
 * `Authorization` header wins; `context: { bearer: { scope } }` picks a
 * request's token set, `context: { bearer: false }` sends it without the token.
 *
 * Without `origins`, the token goes to the origin of the base URL (an absolute
 * `prefix`, else `baseUrl`) of the first request the client sends, and to no
 * other: ky's hooks see a request's options merged with the client's, so a
 * request that brings its own `baseUrl` or `prefix` cannot be told from the
 * client's own, and a later request on another base gets no token. Pass
 * `origins` when one client serves several base URLs.
 *
 * The 401 is seen by wrapping the call's `fetch` (no `afterResponse` hook, so
 * ky does not clone every response). The resend counts against `retry.limit`
 * (ky's default is 2): with `retry: 0` ky keeps no copy of the request, and
 * the caller gets the 401. Redirects are followed by fetch, which drops
 * `Authorization` when the origin changes.
 *
 * @example
 * const api = ky.create({ baseUrl: 'https://api.example.com/', hooks: bearerHooks(tokens) });
 * const orders = await api.get('orders').json();
 * await api.post('orders', { json: order, context: { bearer: { scope: 'orders:write' } } });
 * await api.get('health', { context: { bearer: false } }); // no token
 */
export function bearerHooks(tokens: TokenSource, options: BearerOptions = {}): BearerHooks {
  const policy = createBearerPolicy(tokens, options);
  const pinsBase = options.origins === undefined;
  // One ky call has one `context` object from its init hook to its last retry.
  const calls = new WeakMap<object, Call>();

  async function send(call: Call, input: Input, init?: RequestInit): Promise<Response> {
    call.attempts += 1;
    const next = call.fetch;
    const response = await (next ? next(input, init) : globalThis.fetch(input, init));
    // Most responses are not 401s: they go back at once.
    if (response.status !== 401 && !policy.watchesEveryResponse) return response;
    const { sent, request } = call;
    if (!sent || !request || call.renewed) return response;
    if (response.status !== 401) {
      // Only to keep what the response says (a DPoP nonce): it is not resent.
      policy.renew(response.status, readerOf(response), sent, request).catch(() => {});
      return response;
    }
    // No retry left: with `retry: 0` ky kept no copy of the request to resend.
    if (call.attempts > call.limit) return response;
    // The retry's `beforeRetry` decides, outside the time limit ky puts on each attempt.
    call.renewed = true;
    call.refused = response;
    throw new ForceRetryError({ delay: 0, code: RENEWED });
  }

  // A new hook for each `ky.create`/`extend` that is given these hooks: each pins its own base.
  function authorizeHook(): BeforeRequestHook {
    let pinned: string | URL | undefined;
    let isPinned = false;
    return async ({ request, options: { baseUrl, prefix, context } }) => {
      const call = calls.get(context);
      if (!call) return; // opted out in `init`
      const choice = bearerChoice(context.bearer, 'context.bearer');
      if (choice === false || request.headers.has('authorization')) return;
      // An absolute `prefix` decides the origin before `baseUrl` is looked at (a scheme test,
      // not a URL parse: this runs on every request, and the policy parses the one it gets).
      const base = typeof prefix === 'string' && SCHEME.test(prefix) ? prefix : baseUrl;
      if (pinsBase && !isPinned) {
        pinned = base;
        isPinned = true;
      }
      if (!policy.appliesTo(request.url, pinsBase ? pinned : undefined)) return;
      const outgoing: OutgoingRequest = {
        method: request.method,
        url: request.url,
        signal: request.signal,
        params: choice,
      };
      const credentials = await policy.authorize(outgoing);
      const { headers } = credentials;
      for (const name in headers) request.headers.set(name, headers[name]!);
      call.sent = credentials;
      call.request = outgoing;
    };
  }

  return {
    init: [
      (init) => {
        const context = init.context ?? {};
        if (context.bearer === false) return;
        init.context = context; // ky keeps this object for the whole call
        const call: Call = {
          fetch: init.fetch,
          limit: retryLimit(init.retry),
          attempts: 0,
          sent: undefined,
          request: undefined,
          refused: undefined,
          renewed: false,
        };
        calls.set(context, call);
        init.fetch = (input, requestInit) => send(call, input, requestInit);
      },
    ],
    get beforeRequest() {
      return [authorizeHook()];
    },
    beforeRetry: [
      async ({ request, options: { context } }) => {
        const call = calls.get(context);
        const refused = call?.refused;
        if (!call?.sent || !call.request || !refused) return undefined;
        call.refused = undefined;
        const fresh = await policy
          .renew(401, readerOf(refused), call.sent, call.request)
          .catch((error: unknown) => {
            void refused.body?.cancel().catch(() => {});
            throw error;
          });
        // Not to be resent (`insufficient_scope`): the caller gets the 401 as it came.
        if (!fresh) return refused;
        void refused.body?.cancel().catch(() => {}); // the caller gets the resend, not this 401
        for (const [name, value] of Object.entries(fresh.headers)) request.headers.set(name, value);
        call.sent = fresh;
        return undefined;
      },
    ],
  };
}

function readerOf(response: Response) {
  return (name: string) => response.headers.get(name);
}

function retryLimit(retry: Options['retry']): number {
  if (typeof retry === 'number') return retry;
  return retry?.limit ?? DEFAULT_RETRY_LIMIT;
}
