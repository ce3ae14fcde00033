import { secureEndpoint } from './endpoint-security.ts';
import {
  InvalidOptionsError,
  InvalidTokenResponseError,
  TokenEndpointError,
  TokenStoreError,
} from './errors.ts';
import { httpCall } from './http-call.ts';
import { isRecord, parseJson, readOAuthError } from './oauth-error.ts';
import { HEADER_SAFE_TOKEN } from './parse-token-response.ts';
import { randomHex } from './random-id.ts';
import { isRetryable } from './retry-policy.ts';
import { sleep } from './timers.ts';
import { buildFormRequest, clientAuth } from './token-request.ts';

/**
 * What the modules core loads on demand (`import()`) use of the engine, handed to them at run
 * time: they import no file of the engine's. Bundlers split code by the set of entry points
 * that reach each file, so an on-demand module importing engine files would cut those files
 * out of the engine's chunk into small chunks of their own, every one loaded up front anyway.
 * This way the engine is one chunk, and each on-demand module one more when it is needed.
 */
export type Kit = typeof kit;

export const kit = {
  HEADER_SAFE_TOKEN,
  InvalidOptionsError,
  InvalidTokenResponseError,
  TokenEndpointError,
  TokenStoreError,
  buildFormRequest,
  clientAuth,
  httpCall,
  isRecord,
  isRetryable,
  parseJson,
  randomHex,
  readOAuthError,
  secureEndpoint,
  sleep,
};
