/** Random bytes as hex (Web Crypto's `getRandomValues`: available in every runtime, secure context or not). */
export function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
}
