import { TokenKeeperError } from '@tokenkeeper/core';

/**
 * Why a {@link RedisStoreError} was thrown. `wrong_type`: a key of the store holds another
 * Redis type (a list, a hash, …); the store reads such a token entry as a miss and overwrites it.
 */
export type RedisStoreErrorReason = 'timeout' | 'not_connected' | 'unexpected_reply' | 'wrong_type';

/**
 * A Redis command of the store (`code: 'ERR_STORE'`) did not answer in time, the client was not
 * connected, or Redis answered something the store did not expect.
 *
 * The token manager reports it as `store_unavailable` through `onEvent` and,
 * with `whenStoreUnavailable: 'alone'` (the default), carries on with its own
 * copy and in-process single flight until Redis answers again
 * (`store_recovered`); with `'wait'` it retries until Redis answers, up to
 * `storeWaitMs`, and then rejects with a `code: 'ERR_STORE'` error.
 * The message names the command, never a key's value or a token.
 *
 * @example
 * onEvent: (event) => {
 *   if (event.type === 'store_unavailable') log.warn('token store down', event.message);
 * },
 */
export class RedisStoreError extends TokenKeeperError {
  // Spelled out: a minifying bundler renames classes.
  override readonly name = 'RedisStoreError';
  readonly reason: RedisStoreErrorReason;

  constructor(reason: RedisStoreErrorReason, message: string, options?: { cause?: unknown }) {
    super('ERR_STORE', message, options);
    this.reason = reason;
  }
}
