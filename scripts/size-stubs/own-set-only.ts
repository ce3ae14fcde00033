// Measurement stub for scripts/size-per-request-sets.mjs: the token sets of a manager without
// per-request parameters (one set: the manager's own), as the engine was before they existed.
// Never shipped or tested; it only shows what the common case's bundle pays for them.
import { InvalidOptionsError } from '../../packages/core/src/errors.ts';
import { flightKey } from '../../packages/core/src/flight-key.ts';
import type { ResolvedOptions } from '../../packages/core/src/resolve-options.ts';
import type { MakeCycler, TokenSets } from '../../packages/core/src/token-sets.ts';

export function createTokenSets(config: ResolvedOptions, makeCycler: MakeCycler): TokenSets {
  const { client, grant } = config;
  const defaultKey = flightKey({
    ...client,
    endpoint: (config.tokenEndpoint ?? config.issuer)!.href,
    grant,
    binding: config.dpop?.id,
  });
  const own = makeCycler(defaultKey, client, true);
  return {
    cyclerFor(options) {
      const signal = (options as { signal?: AbortSignal } | undefined)?.signal;
      if (signal !== undefined && !signal?.addEventListener)
        throw new InvalidOptionsError('signal', 'expected an AbortSignal');
      return own;
    },
    all: () => [own],
    entries: () => [[defaultKey, own]],
    defaultKey,
  };
}
