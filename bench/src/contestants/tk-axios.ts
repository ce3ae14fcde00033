import { attachBearer } from '@tokenkeeper/axios';
import { createTokenManager } from '@tokenkeeper/core';
import axios from 'axios';
import { statusOf } from './status-of.ts';
import type { Setup } from './types.ts';

/** `@tokenkeeper/axios` on an axios instance (its `baseURL` origin gets the token). */
const setup: Setup = ({ tokenEndpoint, clientId, clientSecret, apiOrigin }) => {
  const tokens = createTokenManager({ tokenEndpoint, clientId, clientSecret });
  const api = axios.create({ baseURL: apiOrigin });
  attachBearer(api, tokens);
  return {
    get: (path) => api.get(path).then((response) => response.status, statusOf),
    close: () => tokens.dispose(),
  };
};
export default setup;
