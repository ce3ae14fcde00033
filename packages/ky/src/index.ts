export { type BearerHooks, bearerHooks } from './bearer-hooks.ts';
