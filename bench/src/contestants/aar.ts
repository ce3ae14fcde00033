import { setupAxiosAuthRefresh } from './aar-setup.ts';
import type { Setup } from './types.ts';

/** axios-auth-refresh 3.3.6 with its defaults (`pauseInstanceWhileRefreshing: false`). */
const setup: Setup = (target) =>
  setupAxiosAuthRefresh(target, { pauseInstanceWhileRefreshing: false });
export default setup;
