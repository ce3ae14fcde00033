import {
  type BearerOptions,
  type Credentials,
  createBearerPolicy,
  type HeaderReader,
  isOneShotBody,
  type OutgoingRequest,
  originOf,
  type TokenParams,
  type TokenSource,
} from '@tokenkeeper/core';
import type {
  AxiosInstance,
  AxiosRequestConfig,
  AxiosResponse,
  InternalAxiosRequestConfig,
} from 'axios';

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

/** What a request looked like when the token went on: enough to send it again. */
interface Sent {
  credentials: Credentials;
  request: OutgoingRequest;
  data: unknown;
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

  const authorize = async (config: InternalAxiosRequestConfig) => {
    const { bearer } = config;
    if (bearer === false || config.headers.has('authorization')) return config;
    const url = fullUrl(config);
    // The default origin is the instance's `defaults.baseURL` as it is when each request starts.
    if (!policy.appliesTo(url, instance.defaults.baseURL)) return config;
    const request: OutgoingRequest = {
      method: (config.method ?? 'get').toUpperCase(),
      url,
      signal: signalOf(config),
      params: typeof bearer === 'object' && bearer !== null ? bearer : undefined,
    };
    const credentials = await policy.authorize(request);
    const { headers } = credentials;
    for (const name in headers) config.headers.set(name, headers[name]);
    sent.set(config, { credentials, request, data: config.data });
    config.beforeRedirect = keepTokenOn(originOf(url), config.beforeRedirect);
    return config;
  };

  // Resends once; the resend has an explicit header, so it gets neither a new token nor a retry.
  const resend = async (
    config: InternalAxiosRequestConfig | undefined,
    response: { status: number; headers?: unknown } | undefined,
  ) => {
    const first = config && sent.get(config);
    if (!config || !first || !response) return undefined;
    sent.delete(config);
    if (response.status !== 401 && !policy.watchesEveryResponse) return undefined;
    if (response.status === 401 && isOneShotBody(first.data)) return undefined;
    const fresh = await policy.renew(
      response.status,
      readerOf(response.headers),
      first.credentials,
      first.request,
    );
    if (fresh === undefined) return undefined;
    // The headers as the first send left them (axios' transforms ran on them), with the new ones.
    const headers = config.headers.toJSON();
    for (const name of Object.keys(headers))
      if (Object.hasOwn(fresh.headers, name.toLowerCase())) delete headers[name];
    Object.assign(headers, fresh.headers);
    return instance.request({ ...config, data: first.data, headers });
  };

  const requestId = instance.interceptors.request.use(authorize);
  const responseId = instance.interceptors.response.use(
    // Most responses are not 401s: they pass on without a promise of their own.
    (response: AxiosResponse) =>
      response.status === 401 || policy.watchesEveryResponse
        ? resend(response.config, response).then((resent) => resent ?? response)
        : response,
    async (error: { config?: InternalAxiosRequestConfig; response?: { status: number } }) => {
      const response = await resend(error?.config, error?.response);
      if (response) return response;
      throw error;
    },
  );
  return () => {
    instance.interceptors.request.eject(requestId);
    instance.interceptors.response.eject(responseId);
  };
}

/** Reads a response header from axios' `AxiosHeaders`, or a plain object (a custom adapter's). */
function readerOf(headers: unknown): HeaderReader {
  return (name) => {
    if (typeof headers !== 'object' || headers === null) return undefined;
    const value: unknown =
      'get' in headers && typeof headers.get === 'function'
        ? headers.get(name)
        : Reflect.get(headers, name);
    if (Array.isArray(value)) return value.join(', ');
    return typeof value === 'string' ? value : undefined;
  };
}

type BeforeRedirect = NonNullable<AxiosRequestConfig['beforeRedirect']>;

/** Drops the token when a redirect leaves `origin`, then runs the caller's own hook (Node http adapter). */
function keepTokenOn(origin: string | undefined, next: BeforeRedirect | undefined): BeforeRedirect {
  return (redirect, response, request) => {
    if (originOf(String(redirect.href)) !== origin) {
      const headers: Record<string, unknown> = redirect.headers ?? {};
      for (const name of Object.keys(headers)) {
        const lower = name.toLowerCase();
        if (lower === 'authorization' || lower === 'dpop') delete headers[name];
      }
    }
    next?.(redirect, response, request);
  };
}

function signalOf(config: InternalAxiosRequestConfig): AbortSignal | undefined {
  return config.signal instanceof AbortSignal ? config.signal : undefined;
}

// The URL the request goes to, without `params` (axios' buildFullPath, without getUri's
// serialisation): an absolute `url` as it is, else `url` joined to `baseURL`.
function fullUrl(config: InternalAxiosRequestConfig): string {
  const url = config.url ?? '';
  const absolute = /^([a-z][a-z\d+\-.]*:)?\/\//i.test(url) && config.allowAbsoluteUrls !== false;
  const base = config.baseURL;
  if (absolute || !base) return url;
  return url ? `${base.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}` : base;
}
