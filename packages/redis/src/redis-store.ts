import {
  InvalidOptionsError,
  type ReleaseLock,
  type TokenSet,
  type TokenStore,
} from '@tokenkeeper/core';
import { RedisStoreError } from './errors.ts';
import { commandRunner, type RedisClientLike } from './redis-client.ts';
import { acquireLock } from './redis-lock.ts';
import { createKeyDeriver, DEFAULT_PREFIX, type StoreKeys } from './store-keys.ts';
import { checkEncryptionKey, type EncryptionKey } from './token-cipher.ts';
import { createTokenCodec } from './token-codec.ts';

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /**
   * A node-redis v5 client (`createClient({ disableOfflineQueue: true })`
   * recommended) or cluster (`createCluster()`), an ioredis 5 client or `Cluster`,
   * or a function that sends one command. It may still be connecting: until it is
   * ready, every command fails at once (the manager then goes on without the store,
   * or waits for it, as its `whenStoreUnavailable` says). The store never connects,
   * closes, or listens to it: attach your own `'error'` listener (node-redis and
   * ioredis crash the process without one).
   */
  client: RedisClientLike;
  /** Start of every key; must not contain `{` or `}`. @default 'tokenkeeper:' */
  prefix?: string;
  /**
   * Encrypts stored token sets with AES-256-GCM: 32 bytes (from your secret
   * manager, e.g. `Buffer.from(process.env.TOKEN_KEY, 'base64')`) or an AES-GCM
   * `CryptoKey`. Every process of the fleet needs the same key.
   * @default undefined (token sets stored as plain JSON)
   */
  encryptionKey?: EncryptionKey | undefined;
  /** Time limit of every Redis command, ms: past it the store throws and the manager goes on without it. @default 500 */
  commandTimeoutMs?: number;
  /**
   * Lease of the refresh lock in Redis, ms, renewed while its holder lives: a
   * holder that dies frees the lock within this. @default the lease the manager asks for (15 s with default options)
   */
  lockLeaseMs?: number | undefined;
  /** Longest pause between two attempts to take a lock another process holds, ms (pauses start at 5 ms, jittered). @default 50 */
  lockPollMs?: number;
  /**
   * Longest time a token entry is kept, ms. The manager asks for the longer of the access
   * and the refresh token's lifetimes, and assumes 30 days for a refresh token whose
   * response had no `refresh_expires_in`. This caps that, never below the access token's
   * own remaining lifetime. Keep it at least as long as the provider's refresh tokens (or
   * sessions) live: once the entry is gone, the fleet logs in anew.
   * @default undefined (the manager's TTL as is)
   */
  maxTtlMs?: number | undefined;
}

/** A {@link TokenStore} on Redis, with cross-process locking. */
export interface RedisTokenStore extends TokenStore {
  get(key: string): Promise<TokenSet | undefined>;
  set(key: string, token: TokenSet, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  lock(
    key: string,
    options: { leaseMs: number; waitMs: number; signal?: AbortSignal },
  ): Promise<ReleaseLock | undefined>;
  /** The Redis keys a flight key maps to (to inspect or clear them; they hold no secret). */
  keysFor(flightKey: string): Promise<StoreKeys>;
}

/**
 * Creates a token store on Redis that makes a fleet of processes behave like one
 * OAuth client: they share one token set (one session at the provider), and a
 * refresh lock lets one process at a time refresh while the others wait and then
 * take up what it stored.
 *
 * Every command is bounded by `commandTimeoutMs`. When Redis is down (or the
 * client not connected yet) the store throws quickly with a {@link RedisStoreError};
 * the manager then reports `store_unavailable` and, as its `whenStoreUnavailable`
 * option says, goes on alone or waits for Redis. A key holding something that is
 * not a token entry (another Redis type, a corrupt value) reads as a miss and is
 * overwritten by the next `set`. The store never reads a value the manager cannot
 * trust, and never logs one.
 *
 * @throws InvalidOptionsError for a bad option, at once.
 * @example
 * import { createClient } from 'redis';
 * const redis = createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true });
 * redis.on('error', (error) => log.warn('redis', error.name));
 * redis.connect().catch(() => {}); // do not wait: the store fails fast until Redis is ready
 * const tokens = createTokenManager({ ...options, store: createRedisStore({ client: redis }) });
 */
export function createRedisStore(options: RedisStoreOptions): RedisTokenStore {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError('options', 'expected an object with a `client`');
  }
  const commandTimeoutMs = positive('commandTimeoutMs', options.commandTimeoutMs, 500);
  const lockPollMs = positive('lockPollMs', options.lockPollMs, 50);
  const lockLeaseMs =
    options.lockLeaseMs === undefined ? undefined : positive('lockLeaseMs', options.lockLeaseMs, 0);
  const maxTtlMs =
    options.maxTtlMs === undefined ? undefined : positive('maxTtlMs', options.maxTtlMs, 0);
  if (options.encryptionKey !== undefined) checkEncryptionKey(options.encryptionKey);
  if (options.client === undefined || options.client === null) {
    throw new InvalidOptionsError('client', 'expected a node-redis or ioredis client');
  }
  const run = commandRunner(options.client, commandTimeoutMs);
  const keysFor = createKeyDeriver(options.prefix ?? DEFAULT_PREFIX);
  const codec = createTokenCodec(options.encryptionKey);

  return {
    async get(flightKey) {
      const keys = await keysFor(flightKey);
      let value: unknown;
      try {
        value = await run(['GET', keys.token]);
      } catch (error) {
        // Not a token entry (a list, a hash…): a miss, which the manager's next set overwrites.
        if (error instanceof RedisStoreError && error.reason === 'wrong_type') return undefined;
        throw error;
      }
      return typeof value === 'string' ? codec.decode(value, keys.token) : undefined;
    },
    async set(flightKey, token, ttlMs) {
      const keys = await keysFor(flightKey);
      const value = await codec.encode(token, keys.token);
      const capped =
        maxTtlMs === undefined
          ? ttlMs
          : Math.min(ttlMs, Math.max(maxTtlMs, token.expiresAt - Date.now()));
      // SET replaces whatever the key held, of any type (https://redis.io/docs/latest/commands/set/).
      await run(['SET', keys.token, value, 'PX', String(Math.max(1, Math.ceil(capped)))]);
    },
    async delete(flightKey) {
      const keys = await keysFor(flightKey);
      await run(['DEL', keys.token]);
    },
    async lock(flightKey, { leaseMs, waitMs, signal }) {
      const keys = await keysFor(flightKey);
      return acquireLock(run, keys.lock, {
        leaseMs: lockLeaseMs ?? leaseMs,
        waitMs,
        signal,
        pollMs: lockPollMs,
      });
    },
    keysFor,
  };
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  // A timer holds at most 2^31-1 ms; a longer delay would fire at once.
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 2 ** 31 - 1) {
    throw new InvalidOptionsError(name, 'expected a number of milliseconds from 1 to 2147483647');
  }
  return value;
}
