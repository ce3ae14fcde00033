import { TokenKeeperError } from '@tokenkeeper/core';

/** Why a {@link RedisStoreError} was thrown. */
export type RedisStoreErrorReason = 'timeout' | 'not_connected' | 'unexpected_reply';

/**
 * A Redis command of the store (`code: 'ERR_STORE'`) did not answer in time, the client was not
 * connected, or Redis answered something the store did not expect.
 *
 * The token manager never lets this fail a request: it reports
 * `store_unavailable` through `onEvent` and carries on with its own copy and
 * in-process single flight until Redis answers again (`store_recovered`).
 * The message names the command, never a key's value or a token.
 *
 * @example
 * onEvent: (event) => {
 *   if (event.type === 'store_unavailable') log.warn('token store down', event.message);
 * },
 */
export class RedisStoreError extends TokenKeeperError {
  readonly reason: RedisStoreErrorReason;

  constructor(reason: RedisStoreErrorReason, message: string, options?: { cause?: unknown }) {
    super('ERR_STORE', message, options);
    this.reason = reason;
  }
}
