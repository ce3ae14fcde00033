import {
  type BearerOptions,
  bearerChoice,
  type Credentials,
  createBearerPolicy,
  headerText,
  isOneShotBody,
  type OutgoingRequest,
  originOf,
  type TokenParams,
  type TokenSource,
} from '@tokenkeeper/core';
import type {
  AfterResponseHook,
  BeforeRedirectHook,
  BeforeRequestHook,
  InitHook,
  NormalizedOptions,
  Response,
} from 'got';

/** The hooks {@link bearerHooks} returns: pass them as `hooks` to `got.extend`. */
export interface BearerHooks {
  init: InitHook[];
  beforeRequest: BeforeRequestHook[];
  afterResponse: AfterResponseHook[];
  beforeRedirect: BeforeRedirectHook[];
}

/**
 * What a request's `context` may hold for these hooks: `bearer: false` sends it
 * without the token, `bearer: { scope, audience, resource }` with the token of
 * that set. got types `context` as `Record<string, unknown>`; write
 * `context: { bearer: { scope: 'a' } } satisfies BearerContext` to have it checked.
 */
export interface BearerContext {
  bearer?: boolean | TokenParams | undefined;
}

/** What one got call has sent; kept out of `context` itself, which people log. */
interface Sent {
  origin: string | undefined;
  credentials: Credentials;
  request: OutgoingRequest;
  /** The 401 resend is on its way: it goes with these. */
  resend: Credentials | undefined;
  retried: boolean;
}

// got copies `context` (symbol keys included) into every retry and redirect of a call.
const key = Symbol('tokenkeeper');
const oneShot = Symbol('tokenkeeper.oneShot');
const configuredBase = Symbol('tokenkeeper.base');
type Context = Record<string | symbol, unknown>;

/**
 * got hooks that put the token (`Authorization: Bearer <token>`, or `DPoP`
 * with its proof) on requests to the allowed origins (default: the origin of
 * the instance's `prefixUrl`, never a request's own `prefixUrl`; every request
 * without one), and resend a request once with a fresh token after a 401 that
 * answered its token, through `retryWithMergedOptions`. A 401 with
 * `WWW-Authenticate: Bearer error="insufficient_scope"`, a second 401, a 403
 * and every other response go on as they are. A caller's own `Authorization`
 * header wins; `context: { bearer: { scope } }` picks a request's token set,
 * `context: { bearer: false }` sends it without the token.
 *
 * A redirect to another origin never carries the token. A stream body (a Node
 * `Readable`, a web `ReadableStream`, an iterator) cannot be sent twice: after
 * a 401 the caller gets that 401.
 *
 * @example
 * const api = got.extend({ prefixUrl: 'https://api.example.com', hooks: bearerHooks(tokens) });
 * const orders = await api.get('orders').json();
 * await api.post('orders', { json: order, context: { bearer: { scope: 'orders:write' } } });
 * await api.get('health', { context: { bearer: false } }); // no token
 */
export function bearerHooks(tokens: TokenSource, options: BearerOptions = {}): BearerHooks {
  const policy = createBearerPolicy(tokens, options);
  const calls = new WeakMap<object, Sent>();
  // The instance's prefixUrl of a request that brings its own (see `init`).
  const overridden = new WeakMap<object, string>();
  const sentBy = (context: Context) => {
    const handle = context[key];
    return typeof handle === 'object' && handle !== null ? calls.get(handle) : undefined;
  };

  const renewAfter = async (
    response: Response,
    retryWithMergedOptions: Parameters<AfterResponseHook>[1],
  ) => {
    const context: Context = response.request.options.context;
    const sent = sentBy(context);
    if (!sent || sent.retried) return response;
    const { statusCode } = response;
    if (statusCode === 401) {
      if (context[oneShot]) return response;
      sent.retried = true;
    }
    const fresh = await policy.renew(
      statusCode,
      (name) => headerText(response.headers[name]),
      sent.credentials,
      sent.request,
    );
    if (fresh === undefined) return response;
    sent.resend = fresh;
    return retryWithMergedOptions({ headers: { ...fresh.headers } });
  };

  return {
    init: [
      // Only here are the request's own options in sight, apart from the instance's: `self`
      // holds the instance's, not yet merged with `raw`. (got also runs init hooks when an
      // instance is extended; what they record then is on an object no request uses.)
      (raw, self) => {
        if (Object.hasOwn(raw, 'prefixUrl') && !overridden.has(self))
          overridden.set(self, String(self.prefixUrl));
        // The caller's own body: got later turns FormData into a stream too.
        // Set on the call's own `context` object: merging options would drop a symbol key.
        if (isOneShotBody(raw.body)) {
          const context: Context = self.context;
          context[oneShot] = true;
        }
      },
    ],
    beforeRequest: [
      async (request) => {
        const context: Context = request.context;
        const choice = bearerChoice(context.bearer, 'context.bearer');
        if (choice === false) return;
        // A URL by now: its origin is read without parsing it again.
        const target = request.url ?? '';
        const sent = sentBy(context);
        // Once the token is ours, a retry or same-origin redirect gets the current one.
        if (sent ? originOf(target) !== sent.origin : request.headers.authorization !== undefined)
          return;
        if (!policy.appliesTo(target, baseOf(request, context))) return;
        const outgoing: OutgoingRequest = {
          method: request.method,
          url: String(target),
          signal: request.signal,
          params: choice,
        };
        const credentials = sent?.resend ?? (await policy.authorize(outgoing));
        const { headers } = credentials;
        for (const name in headers) request.headers[name] = headers[name];
        if (sent) {
          sent.credentials = credentials;
          sent.request = outgoing;
          sent.resend = undefined;
        } else {
          const handle = {};
          calls.set(handle, {
            origin: originOf(target),
            credentials,
            request: outgoing,
            resend: undefined,
            retried: false,
          });
          context[key] = handle;
        }
      },
    ],
    afterResponse: [
      // Most responses are not 401s: they go on without a promise of this hook's own.
      (response, retryWithMergedOptions) =>
        response.statusCode === 401 || policy.watchesEveryResponse
          ? renewAfter(response, retryWithMergedOptions)
          : response,
    ],
    beforeRedirect: [
      (next) => {
        const sent = sentBy(next.context);
        if (sent && originOf(String(next.url)) !== sent.origin) {
          delete next.headers.authorization;
          delete next.headers.dpop;
        }
      },
    ],
  };

  // The instance's prefixUrl, also when the request brought its own. got builds new options
  // for each retry of a call, so the first attempt leaves it in the call's context.
  function baseOf(request: NormalizedOptions, context: Context): string {
    const kept = context[configuredBase];
    if (typeof kept === 'string') return kept;
    const configured = overridden.get(request);
    if (configured === undefined) return String(request.prefixUrl);
    context[configuredBase] = configured;
    return configured;
  }
}
