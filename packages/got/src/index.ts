export { type BearerContext, type BearerHooks, bearerHooks } from './bearer-hooks.ts';
