/** The longest delay a JS timer holds; a longer one fires at once in every runtime. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** A timer that does not keep a process alive (`unref` where the runtime has it); returns its canceller. */
export function unrefTimeout(callback: () => void, ms: number): () => void {
  const delay = Math.min(Math.max(0, ms), MAX_TIMER_DELAY_MS);
  const handle = setTimeout(callback, delay) as unknown as { unref?: () => void };
  handle.unref?.();
  return () => clearTimeout(handle as unknown as ReturnType<typeof setTimeout>);
}

/** A random id (96 bits, hex) from `crypto.getRandomValues`, which every context has, secure or not. */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
