/** Random bytes as hex (Web Crypto's `getRandomValues`: available in every runtime, secure context or not). */
export function randomHex(bytes: number): string {
  return crypto.getRandomValues(new Uint8Array(bytes)).reduce(
    // 256 + byte has three hex digits: a leading 1, then the byte zero-padded to two.
    (hex, byte) => hex + (256 + byte).toString(16).slice(1),
    '',
  );
}
