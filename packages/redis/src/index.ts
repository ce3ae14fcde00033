export { RedisStoreError, type RedisStoreErrorReason } from './errors.ts';
export type {
  IORedisClientLike,
  NodeRedisClientLike,
  NodeRedisClusterLike,
  RedisClientLike,
  RedisCommandFunction,
} from './redis-client.ts';
export { createRedisStore, type RedisStoreOptions, type RedisTokenStore } from './redis-store.ts';
export type { StoreKeys } from './store-keys.ts';
export type { EncryptionKey } from './token-cipher.ts';
