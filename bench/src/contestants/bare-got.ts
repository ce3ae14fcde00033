import got from 'got';
import { statusOf } from './status-of.ts';
import type { Setup } from './types.ts';

/** Floor: got with a static token, no hooks. */
const setup: Setup = ({ apiOrigin, staticToken }) => {
  const api = got.extend({
    prefixUrl: apiOrigin,
    headers: { authorization: `Bearer ${staticToken}` },
    responseType: 'json',
  });
  return {
    get: (path) => api.get(path.slice(1)).then((response) => response.statusCode, statusOf),
    close: async () => {},
  };
};
export default setup;
