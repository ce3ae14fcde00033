import { InvalidOptionsError } from '@tokenkeeper/core';

/** A 32-byte AES-256 key, or an AES-GCM `CryptoKey` allowed to encrypt and decrypt. */
export type EncryptionKey = Uint8Array | CryptoKey;

/** Seals and opens token sets with AES-256-GCM. */
export interface TokenCipher {
  /** Encrypts `plaintext` bound to `context` (the Redis key); returns base64 of IV ‖ ciphertext ‖ tag. */
  seal(plaintext: string, context: string): Promise<string>;
  /** Decrypts what {@link TokenCipher.seal} made for the same `context`; `undefined` if it was altered, moved or sealed with another key. */
  open(sealed: string, context: string): Promise<string | undefined>;
}

// NIST SP 800-38D §8.2: 96-bit IVs, random per message; with a random IV one key
// stays within the 2^-32 collision bound for 2^32 messages, far above token refresh rates.
const IV_BYTES = 12;

/**
 * Creates an AES-256-GCM cipher through Web Crypto (`crypto.subtle`). Each seal
 * draws a fresh random 12-byte IV. The Redis key is passed as additional
 * authenticated data, so a sealed entry copied under another flight's key does
 * not open.
 *
 * @throws InvalidOptionsError when `key` is not 32 bytes or not an AES-GCM key.
 * @example
 * const cipher = createTokenCipher(crypto.getRandomValues(new Uint8Array(32)));
 * const sealed = await cipher.seal('{"v":1}', 'tokenkeeper:{…}:token');
 */
export function createTokenCipher(key: EncryptionKey): TokenCipher {
  const cryptoKey = importKey(key);
  cryptoKey.catch(() => {}); // reported by the first seal/open, not as an unhandled rejection
  const encoder = new TextEncoder();

  return {
    async seal(plaintext, context) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const sealed = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: encoder.encode(context) },
        await cryptoKey,
        encoder.encode(plaintext),
      );
      const out = new Uint8Array(IV_BYTES + sealed.byteLength);
      out.set(iv);
      out.set(new Uint8Array(sealed), IV_BYTES);
      return toBase64(out);
    },
    async open(sealed, context) {
      const bytes = fromBase64(sealed);
      if (!bytes || bytes.length <= IV_BYTES) return undefined;
      try {
        const plain = await crypto.subtle.decrypt(
          {
            name: 'AES-GCM',
            iv: bytes.subarray(0, IV_BYTES),
            additionalData: encoder.encode(context),
          },
          await cryptoKey,
          bytes.subarray(IV_BYTES),
        );
        return new TextDecoder('utf-8', { fatal: true }).decode(plain);
      } catch {
        return undefined; // a failed tag check: altered, moved, or another key
      }
    },
  };
}

/** Validates `key` up front, so a wrong key fails at `createRedisStore`, not at the first refresh. */
export function checkEncryptionKey(key: unknown): asserts key is EncryptionKey {
  if (key instanceof Uint8Array) {
    if (key.length !== 32) {
      throw new InvalidOptionsError('encryptionKey', `expected 32 bytes, got ${key.length}`);
    }
    return;
  }
  const algorithm = (key as CryptoKey | null)?.algorithm as { name?: string } | undefined;
  const usages = (key as CryptoKey | null)?.usages;
  if (
    algorithm?.name !== 'AES-GCM' ||
    !Array.isArray(usages) ||
    !usages.includes('encrypt') ||
    !usages.includes('decrypt')
  ) {
    throw new InvalidOptionsError(
      'encryptionKey',
      'expected 32 bytes or an AES-GCM CryptoKey with encrypt and decrypt usages',
    );
  }
}

function importKey(key: EncryptionKey): Promise<CryptoKey> {
  if (!(key instanceof Uint8Array)) return Promise.resolve(key);
  // Copy: the caller may reuse or zero its buffer; not extractable once imported.
  return crypto.subtle.importKey('raw', new Uint8Array(key), 'AES-GCM', false, [
    'encrypt',
    'decrypt',
  ]);
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}
