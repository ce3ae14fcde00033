export {
  type BearerFetch,
  type BearerFetchOptions,
  type BearerRequestInit,
  bearerFetch,
} from './bearer-fetch.ts';
