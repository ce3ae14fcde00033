import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { type ContestantDef, contestants, extraSizeEntries } from './config.ts';
import type { ResultRow } from './report.ts';

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

/**
 * The `size` rows of the contestants in `field`; when that is every contestant, also the extra
 * entries (a library's part alone) and where the bytes of the core go (`size-breakdown`).
 */
export async function measureSizes(field: ContestantDef[]): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  for (const contestant of field) {
    const asUsed = await bundleSize(contestantEntry(contestant.name));
    const library = contestant.libraryEntry ? await bundleSize(contestant.libraryEntry) : undefined;
    const metrics = {
      gzip: asUsed.gzip,
      minified: asUsed.minified,
      libraryGzip: library?.gzip ?? 0,
      libraryMinified: library?.minified ?? 0,
    };
    rows.push({ scenario: 'size', contestant: contestant.name, repeat: 0, metrics });
  }
  if (field.length !== contestants.length) return rows;
  for (const extra of extraSizeEntries) {
    const size = await bundleSize(extra.entry);
    const metrics = { libraryGzip: size.gzip, libraryMinified: size.minified };
    rows.push({ scenario: 'size', contestant: extra.name, repeat: 0, metrics });
  }
  const core = extraSizeEntries.find((extra) => extra.name === 'tk-core');
  if (core) {
    const metrics = await bundleBreakdown(core.entry);
    rows.push({ scenario: 'size-breakdown', contestant: core.name, repeat: 0, metrics });
  }
  return rows;
}
