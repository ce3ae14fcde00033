import { InvalidOptionsError } from './errors.ts';
import { flightKey } from './flight-key.ts';
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
  /** The cycler of the token set `params` name (the manager's own without any). */
  cyclerFor(params: TokenParams | undefined): TokenCycler;
  all(): TokenCycler[];
  entries(): Array<[key: string, cycler: TokenCycler]>;
  readonly defaultKey: string;
}

type MakeCycler = (key: string, profile: ClientProfile, isDefault: boolean) => TokenCycler;

/**
 * One cycler per distinct (scope, audience, resource), each with its own single flight
 * and store key, so that concurrent callers with different parameters can never receive
 * each other's token. The manager's own set is never dropped.
 */
export function createTokenSets(
  config: ResolvedOptions,
  makeCycler: MakeCycler,
  onDrop: (key: string, dropped: TokenCycler) => void,
): TokenSets {
  const { client, grant } = config;
  const endpoint = (config.tokenEndpoint ?? config.issuer)!.href;
  const keyOf = (profile: ClientProfile) =>
    flightKey({
      endpoint,
      clientId: client.clientId,
      grant,
      scope: profile.scope,
      audience: profile.audience,
      params: profile.params,
      binding: config.dpop?.id,
    });
  const defaultKey = keyOf(client);
  const own = makeCycler(defaultKey, client, true);
  const others = new Map<string, { key: string; cycler: TokenCycler }>(); // insertion order = recency

  function cyclerFor(params: TokenParams | undefined): TokenCycler {
    if (params === undefined || params === null) return own;
    if (typeof params !== 'object')
      throw new InvalidOptionsError('getToken', 'expected an options object');
    const { signal } = params as { signal?: unknown };
    if (signal !== undefined && typeof (signal as AbortSignal)?.addEventListener !== 'function')
      throw new InvalidOptionsError('signal', 'expected an AbortSignal');
    const { scope, audience, resource } = params;
    if (scope === undefined && audience === undefined && resource === undefined) return own;
    const profile: ClientProfile = {
      ...client,
      scope: pick(scope, client.scope, 'scope'),
      audience: pick(audience, client.audience, 'audience'),
      params:
        resource === undefined
          ? client.params
          : { ...client.params, resource: pick(resource, undefined, 'resource')! },
    };
    const id = `${profile.scope}\u0000${profile.audience}\u0000${profile.params.resource}`;
    const found = others.get(id);
    if (found) {
      others.delete(id); // most recently used goes last
      others.set(id, found);
      return found.cycler;
    }
    const key = keyOf(profile);
    if (key === defaultKey) return own;
    const cycler = makeCycler(key, profile, false);
    others.set(id, { key, cycler });
    if (others.size > config.maxTokenSets - 1) {
      const [oldest, entry] = others.entries().next().value!;
      others.delete(oldest);
      onDrop(entry.key, entry.cycler);
    }
    return cycler;
  }

  return {
    cyclerFor,
    all: () => [own, ...[...others.values()].map((entry) => entry.cycler)],
    entries: () => [
      [defaultKey, own],
      ...[...others.values()].map((entry): [string, TokenCycler] => [entry.key, entry.cycler]),
    ],
    defaultKey,
  };
}

function pick(value: unknown, fallback: string | undefined, option: string): string | undefined {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.length === 0)
    throw new InvalidOptionsError(option, 'expected a non-empty string');
  return value;
}
