/**
 * What a module loaded with `import()` on first use gives, shared by every later use. A
 * failure is not kept: a page that was offline when it first needed the module loads it at
 * the next use, instead of failing every call from then on.
 */
export function onDemand<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
