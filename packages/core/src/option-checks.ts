import { InvalidOptionsError } from './errors.ts';

/** The checks every option goes through: each throws an InvalidOptionsError naming the option. */

export function isPrivateKey(key: unknown): boolean {
  if (typeof key !== 'object' || key === null) return false;
  if (typeof CryptoKey !== 'undefined' && key instanceof CryptoKey) return key.type === 'private';
  return typeof (key as { kty?: unknown }).kty === 'string' && 'd' in key;
}

export function requiredString(value: unknown, option: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new InvalidOptionsError(option, 'expected a non-empty string');
  return value;
}

export function optionalString(value: unknown, option: string): string | undefined {
  return value === undefined ? undefined : requiredString(value, option);
}

export function optionalBoolean(value: unknown, option: string): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean')
    throw new InvalidOptionsError(option, 'expected a boolean');
  return value;
}

export function oneOf<T extends string>(
  value: unknown,
  option: string,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) {
    throw new InvalidOptionsError(
      option,
      `expected one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
    );
  }
  return value as T;
}

// A number of ms that fits a timer (0 to 2^31-1).
export function optionalDuration(value: unknown, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 2 ** 31 - 1) {
    throw new InvalidOptionsError(option, 'expected a number of milliseconds from 0 to 2147483647');
  }
  return value;
}

export function wholeNumber(
  value: unknown,
  option: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max)
    throw new InvalidOptionsError(option, `expected a whole number from ${min} to ${max}`);
  return value as number;
}

export function positiveDuration(value: unknown, option: string): number | undefined {
  const ms = optionalDuration(value, option);
  if (ms === 0) throw new InvalidOptionsError(option, 'expected more than 0 ms');
  return ms;
}
