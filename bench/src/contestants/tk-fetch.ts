import { createTokenManager } from '@tokenkeeper/core';
import { bearerFetch } from '@tokenkeeper/fetch';
import type { Setup } from './types.ts';

/** `@tokenkeeper/fetch` over the platform's fetch. */
const setup: Setup = ({ tokenEndpoint, clientId, clientSecret, apiOrigin }) => {
  const tokens = createTokenManager({ tokenEndpoint, clientId, clientSecret });
  const api = bearerFetch(tokens, { origins: [apiOrigin] });
  return {
    async get(path) {
      const response = await api(new URL(path, apiOrigin));
      await response.json();
      return response.status;
    },
    close: () => tokens.dispose(),
  };
};
export default setup;
