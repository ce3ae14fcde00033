import { secureEndpoint } from './endpoint-security.ts';
import {
  InvalidOptionsError,
  InvalidTokenResponseError,
  TokenEndpointError,
  TokenStoreError,
} from './errors.ts';
import { httpCall } from './http-call.ts';
import { parseJson, readOAuthError } from './oauth-error.ts';
import { randomHex } from './random-id.ts';
import { isRetryable } from './retry-policy.ts';
import { isUsableTokenSet } from './stored-token-set.ts';
import { sleep } from './timers.ts';
import { requestToken } from './token-endpoint-client.ts';
import { buildFormRequest, clientAuth } from './token-request.ts';

/**
 * What the modules core loads on demand (`import()`) use of the engine, through one door.
 * They take it from here, never from the engine's modules themselves: bundlers split code by
 * the set of entry points that reach it, so each on-demand module importing its own handful
 * would cut what the engine shares with them into a dozen small chunks, every one of them
 * loaded up front. Through this object they all reach the same set: one chunk.
 */
export const kit = {
  InvalidOptionsError,
  InvalidTokenResponseError,
  TokenEndpointError,
  TokenStoreError,
  buildFormRequest,
  clientAuth,
  httpCall,
  isRetryable,
  isUsableTokenSet,
  parseJson,
  randomHex,
  readOAuthError,
  requestToken,
  secureEndpoint,
  sleep,
};
