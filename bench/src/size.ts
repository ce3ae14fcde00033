import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const benchDir = fileURLToPath(new URL('..', import.meta.url));

/** The HTTP clients stay outside every bundle: the user has them anyway. */
const EXTERNAL = ['axios', 'ky', 'got', 'node:*'];

/** Minified and gzipped sizes of one bundle, bytes. */
export interface BundleSize {
  minified: number;
  gzip: number;
}

/**
 * Bundles `contents` (TypeScript, resolved from `bench/`) the way a browser app's bundler
 * would: ESM, minified, tree-shaken, workspace packages from their sources, HTTP clients
 * external; then gzips it at level 9.
 */
export async function bundleSize(contents: string): Promise<BundleSize> {
  const { size } = await bundle(contents);
  return size;
}

/** Minified bytes each input file contributes to the bundle of `contents`, largest first. */
export async function bundleBreakdown(contents: string): Promise<Record<string, number>> {
  const { inputs } = await bundle(contents);
  const named = Object.entries(inputs)
    .filter(([, bytes]) => bytes > 0)
    .map(
      ([path, bytes]) =>
        [
          path
            .replace(/^(\.\.\/)+/, '')
            .replace(/^node_modules\/\.pnpm\/[^/]+\/node_modules\//, ''),
          bytes,
        ] as const,
    )
    .sort((a, b) => b[1] - a[1]);
  return Object.fromEntries(named);
}

async function bundle(
  contents: string,
): Promise<{ size: BundleSize; inputs: Record<string, number> }> {
  const result = await build({
    stdin: { contents, resolveDir: benchDir, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@tokenkeeper/source'],
    external: EXTERNAL,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const output = Object.values(result.metafile.outputs)[0];
  const inputs = Object.fromEntries(
    Object.entries(output?.inputs ?? {}).map(([path, input]) => [path, input.bytesInOutput]),
  );
  return { size: { minified: code.length, gzip: gzipSync(code, { level: 9 }).length }, inputs };
}

/** The entry that bundles a contestant module as the benchmark uses it (setup and glue). */
export function contestantEntry(name: string): string {
  return `export { default } from './src/contestants/${name}.ts';`;
}
