import { OAuth2Client, OAuth2Fetch } from '@badgateway/oauth2-client';
import type { Setup } from './types.ts';

/** @badgateway/oauth2-client's `OAuth2Fetch` with the client_credentials grant, as its README shows. */
const setup: Setup = ({ tokenEndpoint, clientId, clientSecret, apiOrigin }) => {
  const client = new OAuth2Client({
    server: new URL(tokenEndpoint).origin,
    clientId,
    clientSecret,
    tokenEndpoint,
  });
  const fetchWrapper = new OAuth2Fetch({
    client,
    getNewToken: () => client.clientCredentials(),
  });
  return {
    async get(path) {
      const response = await fetchWrapper.fetch(new URL(path, apiOrigin).href);
      await response.json();
      return response.status;
    },
    close: async () => {},
  };
};
export default setup;
