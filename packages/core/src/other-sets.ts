import type { Kit } from './kit.ts';
import type { ResolvedOptions } from './resolve-options.ts';
import type { TokenCycler } from './token-cycler.ts';
import type { ClientProfile } from './token-request.ts';
import type { KeyOf, MakeCycler, TokenParams } from './token-sets.ts';

/** The token sets a manager keeps besides its own, least recently used first. */
export interface OtherSets {
  /** The cycler for `params` (throws a typed error for a bad value); the manager's own when they name it. */
  cyclerFor(params: TokenParams): TokenCycler;
  all(): TokenCycler[];
  entries(): Array<[key: string, cycler: TokenCycler]>;
}

/**
 * Up to `maxTokenSets - 1` token sets besides the manager's own: found by their
 * parameters, created on first use, and the least recently used dropped (`onDrop` ends
 * its session) when a new one would pass the cap, so a caller cannot grow memory
 * without bound by inventing scopes.
 */
export function createOtherSets(input: {
  kit: Kit;
  config: ResolvedOptions;
  keyOf: KeyOf;
  defaultKey: string;
  own: TokenCycler;
  makeCycler: MakeCycler;
  onDrop: (key: string, dropped: TokenCycler) => void;
}): OtherSets {
  const { kit, config, keyOf, defaultKey, own, makeCycler, onDrop } = input;
  const { client } = config;
  const others = new Map<string, { key: string; cycler: TokenCycler }>(); // insertion order = recency

  function cyclerFor(params: TokenParams): TokenCycler {
    const { scope, audience, resource } = params;
    const profile: ClientProfile = {
      ...client,
      scope: pick(kit, scope, client.scope, 'scope'),
      audience: pick(kit, audience, client.audience, 'audience'),
      params:
        resource === undefined
          ? client.params
          : { ...client.params, resource: pick(kit, resource, undefined, 'resource')! },
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
    all: () => [...others.values()].map((entry) => entry.cycler),
    entries: () =>
      [...others.values()].map((entry): [string, TokenCycler] => [entry.key, entry.cycler]),
  };
}

function pick(
  kit: Kit,
  value: unknown,
  fallback: string | undefined,
  option: string,
): string | undefined {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.length === 0)
    throw new kit.InvalidOptionsError(option, 'expected a non-empty string');
  return value;
}
