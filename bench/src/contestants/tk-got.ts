import { createTokenManager } from '@tokenkeeper/core';
import { bearerHooks } from '@tokenkeeper/got';
import got from 'got';
import { statusOf } from './status-of.ts';
import type { Setup } from './types.ts';

/** `@tokenkeeper/got` hooks on a got instance (its `prefixUrl` origin gets the token). */
const setup: Setup = ({ tokenEndpoint, clientId, clientSecret, apiOrigin }) => {
  const tokens = createTokenManager({ tokenEndpoint, clientId, clientSecret });
  const api = got.extend({
    prefixUrl: apiOrigin,
    responseType: 'json',
    hooks: bearerHooks(tokens),
  });
  return {
    get: (path) => api.get(path.slice(1)).then((response) => response.statusCode, statusOf),
    close: () => tokens.dispose(),
  };
};
export default setup;
