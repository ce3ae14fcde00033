import axios from 'axios';
import { createAuthRefresh } from 'axios-auth-refresh-v5';
import { statusOf } from './status-of.ts';
import type { Setup } from './types.ts';

/**
 * axios-auth-refresh 5 (the current major) as its README shows, with its defaults:
 * `deduplicateRefresh: true`, which pauses the instance while a refresh runs (the old
 * `pauseInstanceWhileRefreshing`).
 */
const setup: Setup = ({ tokenEndpoint, clientId, clientSecret, apiOrigin }) => {
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
  const api = axios.create({ baseURL: apiOrigin });
  // Its types name axios's CommonJS declarations; the instance is the same object.
  createAuthRefresh(api as unknown as Parameters<typeof createAuthRefresh>[0], refreshAuthLogic);
  api.interceptors.request.use((request) => {
    request.headers.Authorization = `Bearer ${token}`;
    return request;
  });
  return {
    get: (path) => api.get(path).then((response) => response.status, statusOf),
    close: async () => {},
  };
};
export default setup;
