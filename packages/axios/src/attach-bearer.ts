import {
  type BearerOptions,
  bearerHeader,
  createBearerPolicy,
  isOneShotBody,
  originOf,
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
    /** `false` sends this request without the bearer token and without the 401 retry. @default true */
    bearer?: boolean | undefined;
  }
}

/** What a request looked like when the token went on: enough to send it again. */
interface Sent {
  token: string;
  data: unknown;
}

/**
 * Puts `Authorization: Bearer <token>` on the requests of an axios instance
 * that go to the allowed origins (default: the origin of `baseURL`, or every
 * request without one), and resends a request once with a fresh token after a
 * 401 that answered its token. A second 401, a 403 and every other response
 * come back as they are. A caller's own `Authorization` header wins; set
 * `bearer: false` in a request's config to send it without the token.
 *
 * A redirect to another origin never carries the token. A stream body (a Node
 * `Readable`) cannot be sent twice: after a 401 the caller gets that 401.
 *
 * @returns a function that removes the interceptors again
 * @example
 * const api = axios.create({ baseURL: 'https://api.example.com' });
 * const detach = attachBearer(api, tokens);
 * const { data } = await api.get('/orders');
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
    const url = requestTarget(config);
    // The default origin follows `defaults.baseURL` as it is when each request starts.
    const base = instance.defaults.baseURL;
    if (
      config.bearer === false ||
      config.headers.has('authorization') ||
      !policy.appliesTo(url, base)
    )
      return config;
    const token = await policy.authorize(signalOf(config));
    config.headers.set('Authorization', bearerHeader(token));
    sent.set(config, { token, data: config.data });
    config.beforeRedirect = keepTokenOn(originOf(url), config.beforeRedirect);
    return config;
  };

  // Resends once; the resend has an explicit header, so it gets neither a new token nor a retry.
  const resend = async (config: InternalAxiosRequestConfig | undefined, status?: number) => {
    const first = config && sent.get(config);
    if (!config || !first || status !== 401 || isOneShotBody(first.data)) return undefined;
    sent.delete(config);
    const token = await policy.renew(401, first.token, signalOf(config));
    if (token === undefined) return undefined;
    // The headers as the first send left them (axios' transforms ran on them), with the new token.
    const headers = { ...config.headers.toJSON(), Authorization: bearerHeader(token) };
    return instance.request({ ...config, data: first.data, headers } as AxiosRequestConfig);
  };

  const requestId = instance.interceptors.request.use(authorize);
  const responseId = instance.interceptors.response.use(
    // Most responses are not 401s: they pass on without a promise of their own.
    (response: AxiosResponse) =>
      response.status === 401
        ? resend(response.config, response.status).then((resent) => resent ?? response)
        : response,
    async (error: { config?: InternalAxiosRequestConfig; response?: { status: number } }) => {
      const response = await resend(error?.config, error?.response?.status);
      if (response) return response;
      throw error;
    },
  );
  return () => {
    instance.interceptors.request.eject(requestId);
    instance.interceptors.response.eject(responseId);
  };
}

type BeforeRedirect = NonNullable<AxiosRequestConfig['beforeRedirect']>;

/** Drops the token when a redirect leaves `origin`, then runs the caller's own hook (Node http adapter). */
function keepTokenOn(origin: string | undefined, next: BeforeRedirect | undefined): BeforeRedirect {
  return (redirect, response, request) => {
    if (originOf(String(redirect.href)) !== origin) {
      const headers: Record<string, unknown> = redirect.headers ?? {};
      for (const name of Object.keys(headers))
        if (name.toLowerCase() === 'authorization') delete headers[name];
    }
    next?.(redirect, response, request);
  };
}

function signalOf(config: InternalAxiosRequestConfig): AbortSignal | undefined {
  return config.signal instanceof AbortSignal ? config.signal : undefined;
}

// What decides the request's origin, without building the whole URL (`getUri` also
// serialises params): an absolute `url`, else `baseURL` (axios' own isAbsoluteURL rule).
function requestTarget(config: InternalAxiosRequestConfig): string {
  const url = config.url ?? '';
  const absolute = /^([a-z][a-z\d+\-.]*:)?\/\//i.test(url) && config.allowAbsoluteUrls !== false;
  return absolute || !config.baseURL ? url : config.baseURL;
}
