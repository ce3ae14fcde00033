import { createTokenManager } from '@tokenkeeper/core';
import { bearerHooks } from '@tokenkeeper/ky';
import ky from 'ky';
import { statusOf } from './status-of.ts';
import type { Setup } from './types.ts';

/** `@tokenkeeper/ky` hooks on a ky instance (its `baseUrl` origin gets the token). */
const setup: Setup = ({ tokenEndpoint, clientId, clientSecret, apiOrigin }) => {
  const tokens = createTokenManager({ tokenEndpoint, clientId, clientSecret });
  const api = ky.create({ baseUrl: apiOrigin, hooks: bearerHooks(tokens) });
  return {
    get: (path) =>
      api.get(path).then(async (response) => {
        await response.json();
        return response.status;
      }, statusOf),
    close: () => tokens.dispose(),
  };
};
export default setup;
