import ky from 'ky';
import { statusOf } from './status-of.ts';
import type { Setup } from './types.ts';

/** Floor: ky with a static token, no hooks. */
const setup: Setup = ({ apiOrigin, staticToken }) => {
  const api = ky.create({
    baseUrl: apiOrigin,
    headers: { authorization: `Bearer ${staticToken}` },
  });
  return {
    get: (path) =>
      api.get(path).then(async (response) => {
        await response.json();
        return response.status;
      }, statusOf),
    close: async () => {},
  };
};
export default setup;
