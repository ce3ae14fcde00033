import { setupAxiosAuthRefresh } from './aar-setup.ts';
import type { Setup } from './types.ts';

/** axios-auth-refresh 3.3.6 with `pauseInstanceWhileRefreshing: true`. */
const setup: Setup = (target) =>
  setupAxiosAuthRefresh(target, { pauseInstanceWhileRefreshing: true });
export default setup;
