import axios from 'axios';
import { statusOf } from './status-of.ts';
import type { Setup } from './types.ts';

/** Floor: axios with a static token, no interceptor. */
const setup: Setup = ({ apiOrigin, staticToken }) => {
  const api = axios.create({
    baseURL: apiOrigin,
    headers: { Authorization: `Bearer ${staticToken}` },
  });
  return {
    get: (path) => api.get(path).then((response) => response.status, statusOf),
    close: async () => {},
  };
};
export default setup;
