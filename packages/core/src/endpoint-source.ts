import type { ServerEndpoints } from './discovery.ts';
import { kit } from './kit.ts';
import { onDemand } from './on-demand.ts';
import type { Redactor } from './redact.ts';
import type { ResolvedOptions } from './resolve-options.ts';

/**
 * The endpoints a manager talks to: the configured token endpoint, or the issuer's
 * discovery document, fetched once (discovery is loaded only by managers given an
 * `issuer`). A failed discovery is tried again by the next flight.
 */
export function createEndpointSource(
  config: ResolvedOptions,
  redact: Redactor,
): () => Promise<ServerEndpoints> {
  const { tokenEndpoint } = config;
  return tokenEndpoint
    ? () => Promise.resolve({ tokenEndpoint })
    : onDemand(() =>
        import('./discovery.ts').then(({ discoverEndpoints }) =>
          discoverEndpoints(kit, config.issuer!, { ...config, redact }),
        ),
      );
}
