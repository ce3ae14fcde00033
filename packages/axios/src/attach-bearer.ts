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
import type { AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from 'axios';

declare module 'axios' {
  interface AxiosRequestConfig {
    /**
     * `false` sends this request without the token and without the 401 retry;
     * `{ scope, audience, resource }` sends it with the token of that set (they
     * override the ones given to `attachBearer`).
     * @default true: the instance's own token set
     */
    bearer?: boolean | TokenParams | undefined;
  }
}

// Regular expressions live out here: a literal in a function is a new object on every call.
// An absolute URL, as axios' isAbsoluteURL tells one (a scheme, or a protocol-relative `//`).
const ABSOLUTE = /^([a-z][a-z\d+\-.]*:)?\/\//i;
// The headers that carry the token.
const TOKEN_HEADER = /^(authorization|dpop)$/i;
// The slashes where `baseURL` and `url` meet (axios' combineURLs).
const TRAILING_SLASHES = /\/+$/;
const LEADING_SLASHES = /^\/+/;

/** What a request was sent with, and its `data` before axios' transforms: enough to send it again. */
type Sent = [credentials: Credentials, request: OutgoingRequest, data: unknown];

/** A response as a rejected request carries it: axios' own, or a custom adapter's with plain headers. */
interface Answer {
  status: number;
  headers?: { get?: unknown; [name: string]: unknown } | undefined;
}

/**
 * Puts the token (`Authorization: Bearer <token>`, or `DPoP` with its proof)
 * on the requests of an axios instance that go to the allowed origins
 * (default: the origin of the instance's `defaults.baseURL`, never a request's
 * own `baseURL`; every request without one), and resends a request once with a
 * fresh token after a 401 that answered its token. A 401 with
 * `WWW-Authenticate: Bearer error="insufficient_scope"`, a second 401, a 403
 * and every other response come back as they are. A caller's own
 * `Authorization` header wins; a request's `bearer` config picks its token set
 * (`{ scope }`) or none (`false`).
 *
 * A redirect to another origin never carries the token. A stream body (a Node
 * `Readable`) cannot be sent twice: after a 401 the caller gets that 401.
 *
 * @returns a function that removes the interceptors again
 * @example
 * const api = axios.create({ baseURL: 'https://api.example.com' });
 * const detach = attachBearer(api, tokens, { scope: 'orders:read' });
 * const { data } = await api.get('/orders');
 * await api.post('/orders', order, { bearer: { scope: 'orders:write' } });
 * await api.get('/health', { bearer: false }); // no token
 */
export function attachBearer(
  instance: AxiosInstance,
  tokens: TokenSource,
  options: BearerOptions = {},
): () => void {
  const policy = createBearerPolicy(tokens, options);
  const sent = new WeakMap<InternalAxiosRequestConfig, Sent>();
  const { request: requests, response: responses } = instance.interceptors;

  const requestId = requests.use(async (config) => {
    const { headers, url = '', baseURL } = config;
    const choice = bearerChoice(config.bearer, 'bearer');
    if (choice === false || headers.has('authorization')) return config;
    // Where the request goes, without `params` (axios' buildFullPath, without getUri's
    // serialisation): an absolute `url` as it is, else `url` joined to `baseURL`.
    const full =
      !baseURL || (config.allowAbsoluteUrls !== false && ABSOLUTE.test(url))
        ? url
        : url
          ? `${baseURL.replace(TRAILING_SLASHES, '')}/${url.replace(LEADING_SLASHES, '')}`
          : baseURL;
    // The default origin is the instance's `defaults.baseURL` as it is when each request starts.
    if (!policy.appliesTo(full, instance.defaults.baseURL)) return config;
    const request: OutgoingRequest = {
      method: (config.method ?? 'get').toUpperCase(),
      url: full,
      signal: config.signal instanceof AbortSignal ? config.signal : undefined,
      params: choice,
    };
    const credentials = await policy.authorize(request);
    headers.set(credentials.headers);
    sent.set(config, [credentials, request, config.data]);
    // Node's http adapter (follow-redirects): drop the token when a redirect leaves the origin,
    // then run the caller's own hook.
    const next = config.beforeRedirect;
    config.beforeRedirect = (redirect, ...details) => {
      if (originOf(String(redirect.href)) !== originOf(full))
        for (const name in redirect.headers)
          if (TOKEN_HEADER.test(name)) delete redirect.headers[name];
      next?.(redirect, ...details);
    };
    return config;
  });

  // Resends once; the resend has an explicit header, so it gets neither a new token nor a retry.
  const resend = async (config?: InternalAxiosRequestConfig, response?: Answer) => {
    const first = config && sent.get(config);
    if (!first || !response) return undefined;
    sent.delete(config!);
    const [credentials, request, data] = first;
    const { status, headers } = response;
    // A stream body was consumed by the first send: its 401 goes back as it is.
    if (status === 401 ? isOneShotBody(data) : !policy.watchesEveryResponse) return undefined;
    const fresh = await policy.renew(
      status,
      // axios' AxiosHeaders, or a custom adapter's plain object
      (name) =>
        headerText(typeof headers?.get === 'function' ? headers.get(name) : headers?.[name]),
      credentials,
      request,
    );
    if (!fresh) return undefined;
    // The headers as the first send left them (axios' transforms ran on them), the token's replaced.
    config!.headers.set(fresh.headers);
    return instance.request({ ...config, data, headers: config!.headers.toJSON() });
  };

  const responseId = responses.use(
    // Most responses are not 401s: they pass on without a promise of their own.
    (response: AxiosResponse) =>
      response.status === 401 || policy.watchesEveryResponse
        ? resend(response.config, response).then((resent) => resent ?? response)
        : response,
    (error?: { config?: InternalAxiosRequestConfig; response?: Answer }) =>
      resend(error?.config, error?.response).then((resent) => resent ?? Promise.reject(error)),
  );
  return () => {
    requests.eject(requestId);
    responses.eject(responseId);
  };
}
