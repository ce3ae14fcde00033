// The parts of the store that need no Redis: key derivation and the stored format.
import { describe, expect, it } from 'vitest';
import { createKeyDeriver } from '../src/store-keys.ts';
import { createTokenCodec } from '../src/token-codec.ts';
import { FLIGHT_KEY, sampleToken } from './token-sets.ts';

describe('key derivation', () => {
  it('hashes the flight key with SHA-256 into a hash tag shared by the token and lock keys', async () => {
    const keysOf = createKeyDeriver();
    const digest = Buffer.from(
      await crypto.subtle.digest('SHA-256', new TextEncoder().encode(FLIGHT_KEY)),
    ).toString('hex');
    expect(await keysOf(FLIGHT_KEY)).toEqual({
      token: `tokenkeeper:{${digest}}:token`,
      lock: `tokenkeeper:{${digest}}:lock`,
    });
    expect((await keysOf(`${FLIGHT_KEY} `)).token).not.toContain(digest);
  });
});

describe('the stored format', () => {
  it('round-trips a token set without the optional fields', async () => {
    const codec = createTokenCodec(undefined);
    const token = sampleToken({
      refreshToken: undefined,
      refreshExpiresAt: undefined,
      scope: undefined,
    });
    expect(await codec.decode(await codec.encode(token, 'k'), 'k')).toEqual(token);
  });

  it('binds a sealed entry to its Redis key and its encryption key', async () => {
    const key = crypto.getRandomValues(new Uint8Array(32));
    const codec = createTokenCodec(key);
    const token = sampleToken();
    const sealed = await codec.encode(token, 'key-a');
    expect(sealed).not.toContain('SECRET');
    expect(await codec.decode(sealed, 'key-a')).toEqual(token);
    expect(await codec.decode(sealed, 'key-b')).toBeUndefined();
    expect(
      await createTokenCodec(crypto.getRandomValues(new Uint8Array(32))).decode(sealed, 'key-a'),
    ).toBeUndefined();
  });
});
