import axios, { type AxiosInstance } from 'axios';
import aarModule from 'axios-auth-refresh';
import { statusOf } from './status-of.ts';
import type { BenchClient, BenchTarget } from './types.ts';

type CreateInterceptor = typeof aarModule.default;
// axios-auth-refresh 3 ships CommonJS with `exports.default`: Node's import gives `module.exports`,
// a bundler may give the function itself.
const imported = aarModule as unknown as CreateInterceptor | { default: CreateInterceptor };
const createAuthRefreshInterceptor: CreateInterceptor =
  typeof imported === 'function' ? imported : imported.default;

/**
 * axios-auth-refresh 3 wired as its README shows: a request interceptor that sets the token
 * from where the refresh logic stored it, and refresh logic that fetches a token with the
 * global axios and sets it on the failed request, which the library then resends.
 */
export function setupAxiosAuthRefresh(
  { tokenEndpoint, clientId, clientSecret, apiOrigin }: BenchTarget,
  options: { pauseInstanceWhileRefreshing: boolean },
): BenchClient {
  let token: string | null = null;
  const refreshAuthLogic = (failedRequest: {
    response: { config: { headers: Record<string, string> } };
  }) =>
    axios
      .post(
        tokenEndpoint,
        new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: clientSecret,
        }),
      )
      .then((tokenRefreshResponse) => {
        token = tokenRefreshResponse.data.access_token as string;
        failedRequest.response.config.headers.Authorization = `Bearer ${token}`;
        return Promise.resolve();
      });
  const api: AxiosInstance = axios.create({ baseURL: apiOrigin });
  // Its types name axios's CommonJS declarations; the instance is the same object.
  createAuthRefreshInterceptor(
    api as unknown as Parameters<CreateInterceptor>[0],
    refreshAuthLogic,
    options,
  );
  api.interceptors.request.use((request) => {
    request.headers.Authorization = `Bearer ${token}`;
    return request;
  });
  return {
    get: (path) => api.get(path).then((response) => response.status, statusOf),
    close: async () => {},
  };
}
