import { InvalidOptionsError } from './errors.ts';

/*
 * The checks every option goes through. A check returns the value it was given, lets
 * `undefined` through unless the option is required, and otherwise throws an
 * InvalidOptionsError that names the option and never quotes its value.
 */

// Timer delays must fit 2^31-1 ms: longer ones fire at once in every JS runtime.
const MAX_MS = 2 ** 31 - 1;

/**
 * What an option accepts: a `typeof` (a string must be non-empty, an object non-null),
 * a list of allowed strings, or numbers from `min` to `max`: whole numbers, unless the
 * range is {@link MS}.
 */
export type Kind =
  | 'string'
  | 'boolean'
  | 'function'
  | 'object'
  | readonly string[]
  | readonly [min: number, max: number];

/** A duration: any number of milliseconds a timer can wait, fractions included. */
export const MS: Kind = [0, MAX_MS];

/** Options checked alike: name, what it accepts, and its default. */
export type Row = readonly [name: string, kind: Kind, fallback?: unknown];

export function fail(option: string, message: string): never {
  throw new InvalidOptionsError(option, message);
}

export function check<T>(value: T, option: string, kind: Kind, required?: boolean): T {
  const [min, max] = kind as [number, number];
  const range = typeof min === 'number';
  const whole = max < MAX_MS;
  const ok = range
    ? (whole ? Number.isInteger(value) : typeof value === 'number') &&
      (value as number) >= min &&
      (value as number) <= max
    : typeof kind === 'object'
      ? (kind as readonly unknown[]).includes(value)
      : typeof value === kind && value !== '' && value !== null;
  if (value === undefined ? required : !ok)
    fail(
      option,
      `expected ${
        range
          ? `a ${whole ? 'whole number' : 'number of milliseconds'} from ${min} to ${max}`
          : typeof kind === 'object'
            ? `one of '${kind.join("', '")}'`
            : kind === 'object'
              ? 'an object'
              : `a ${kind === 'string' ? 'non-empty ' : ''}${kind}`
      }`,
    );
  return value;
}

/** Checks each row's option of `source`, named with `prefix`, and returns them with their defaults. */
export function checkRows<T>(source: object, rows: readonly Row[], prefix = ''): T {
  const values: Record<string, unknown> = {};
  for (const [name, kind, fallback] of rows)
    values[name] =
      check((source as Record<string, unknown>)[name], prefix + name, kind) ?? fallback;
  return values as T;
}

/** A private CryptoKey, or a JWK with its private member `d` (RFC 7518 §6.2.2.1, §6.3.2.1; RFC 8037 §2). */
export function isPrivateKey(key: unknown): boolean {
  return (
    typeof key === 'object' &&
    key !== null &&
    (typeof CryptoKey !== 'undefined' && key instanceof CryptoKey
      ? key.type === 'private'
      : typeof (key as JsonWebKey).kty === 'string' && 'd' in key)
  );
}
