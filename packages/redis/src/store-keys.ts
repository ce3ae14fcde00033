import { InvalidOptionsError } from '@tokenkeeper/core';

/** The Redis keys of one flight: its token set and its refresh lock. */
export interface StoreKeys {
  /** Holds the (optionally encrypted) token set, e.g. `tokenkeeper:{9f86d0…}:token`. */
  readonly token: string;
  /** Holds the refresh lock's owner while a process refreshes, e.g. `tokenkeeper:{9f86d0…}:lock`. */
  readonly lock: string;
}

/** The default key prefix. */
export const DEFAULT_PREFIX = 'tokenkeeper:';

// Enough for every manager a process sensibly has; past it the cache starts over.
const MAX_CACHED = 256;

/**
 * Derives Redis keys from a manager's flight key. The flight key names the
 * endpoint, client, user name, scope and audience: no secret, but nothing an
 * operator listing keys needs to read either, so it is hashed with SHA-256
 * (Web Crypto) and only the hex digest appears in a key.
 *
 * The digest sits in a hash tag (`{…}`): Redis Cluster hashes only the part
 * between the first `{` and the next `}`, so a flight's token and lock keys
 * land in one slot and the scripts that touch them run on one node
 * ({@link https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#hash-tags | cluster spec, hash tags}).
 *
 * @example
 * const keysOf = createKeyDeriver('myapp:tokens:');
 * const { token, lock } = await keysOf(manager.flightKey);
 */
export function createKeyDeriver(
  prefix: string = DEFAULT_PREFIX,
): (flightKey: string) => Promise<StoreKeys> {
  if (typeof prefix !== 'string') throw new InvalidOptionsError('prefix', 'expected a string');
  if (/[{}]/.test(prefix)) {
    // A brace in the prefix would become the hash tag and put every flight in one slot.
    throw new InvalidOptionsError('prefix', 'must not contain `{` or `}` (they form the hash tag)');
  }
  const cache = new Map<string, Promise<StoreKeys>>();
  return (flightKey) => {
    let keys = cache.get(flightKey);
    if (!keys) {
      if (cache.size >= MAX_CACHED) cache.clear();
      keys = sha256Hex(flightKey).then((digest) => ({
        token: `${prefix}{${digest}}:token`,
        lock: `${prefix}{${digest}}:lock`,
      }));
      cache.set(flightKey, keys);
    }
    return keys;
  };
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
