import { InvalidOptionsError } from './errors.ts';
import { flightKey } from './flight-key.ts';
import { kit } from './kit.ts';
import { onDemand } from './on-demand.ts';
import type { OtherSets } from './other-sets.ts';
import type { ResolvedOptions } from './resolve-options.ts';
import type { TokenCycler } from './token-cycler.ts';
import type { ClientProfile } from './token-request.ts';

/** Which token set a call is for. Unset fields are the manager's own options. */
export interface TokenParams {
  /** Space-separated scopes (RFC 6749 §3.3). */
  scope?: string | undefined;
  /** The API the token is for (Auth0's `audience`). */
  audience?: string | undefined;
  /** The resource indicator (RFC 8707), an absolute URI. */
  resource?: string | undefined;
}

/** The token sets of one manager: its own, and up to `maxTokenSets - 1` more, least recently used dropped. */
export interface TokenSets {
  /** The cycler of the token set `params` name: the manager's own at once, others once their module loaded. */
  cyclerFor(params: GetTokenParams | undefined): TokenCycler | Promise<TokenCycler>;
  all(): TokenCycler[];
  entries(): Array<[key: string, cycler: TokenCycler]>;
  readonly defaultKey: string;
}

type GetTokenParams = TokenParams & { signal?: unknown };
export type MakeCycler = (key: string, profile: ClientProfile, isDefault: boolean) => TokenCycler;
export type KeyOf = (profile: ClientProfile) => string;

/**
 * One cycler per distinct (scope, audience, resource), each with its own single flight
 * and store key, so that concurrent callers with different parameters can never receive
 * each other's token. The manager's own set is made here and never dropped; the others
 * (`other-sets.ts`) are loaded by the first call that names parameters.
 */
export function createTokenSets(
  config: ResolvedOptions,
  makeCycler: MakeCycler,
  onDrop: (key: string, dropped: TokenCycler) => void,
): TokenSets {
  const { client, grant } = config;
  const keyOf: KeyOf = (profile) =>
    flightKey({
      ...profile,
      endpoint: (config.tokenEndpoint ?? config.issuer)!.href,
      grant,
      binding: config.dpop?.id,
    });
  const defaultKey = keyOf(client);
  const own = makeCycler(defaultKey, client, true);
  let others: OtherSets | undefined;
  const loadOthers = onDemand(() =>
    import('./other-sets.ts').then(({ createOtherSets }) => {
      others = createOtherSets({ kit, config, keyOf, defaultKey, own, makeCycler, onDrop });
      return others;
    }),
  );

  return {
    cyclerFor(params) {
      if (params == null) return own;
      const signal = (params as { signal?: AbortSignal }).signal;
      if (typeof params !== 'object' || (signal !== undefined && !signal?.addEventListener))
        throw new InvalidOptionsError(
          'getToken',
          'expected { scope, audience, resource, signal, forceRefresh }',
        );
      const { scope, audience, resource } = params;
      if (scope === undefined && audience === undefined && resource === undefined) return own;
      return others
        ? others.cyclerFor(params)
        : loadOthers().then((loaded) => loaded.cyclerFor(params));
    },
    all: () => [own, ...(others?.all() ?? [])],
    entries: () => [[defaultKey, own], ...(others?.entries() ?? [])],
    defaultKey,
  };
}
