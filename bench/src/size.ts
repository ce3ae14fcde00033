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
 * would: ESM, minified, tree-shaken, code splitting on, workspace packages from their
 * sources, HTTP clients external; then gzips what loads up front at level 9.
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
  // Code splitting on, as an app's bundler has it: what a library loads with `import()` becomes
  // chunks of their own, fetched when first used. Counted: the entry and the chunks it imports
  // statically (what the page loads up front), each gzipped as it is served.
  const result = await build({
    stdin: { contents, resolveDir: benchDir, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    splitting: true,
    outdir: `${benchDir}.tmp/size`,
    absWorkingDir: benchDir,
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
  const { outputs } = result.metafile;
  const code = new Map(result.outputFiles.map((file) => [file.path, file.contents]));
  const eager = new Set<string>();
  const visit = (name: string) => {
    if (eager.has(name)) return;
    eager.add(name);
    for (const imported of outputs[name]?.imports ?? [])
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(Object.keys(outputs).find((name) => outputs[name]?.entryPoint === 'entry.ts') ?? '');
  const size = { minified: 0, gzip: 0 };
  const inputs: Record<string, number> = {};
  for (const name of eager) {
    const bytes = code.get(`${benchDir}${name}`) ?? new Uint8Array();
    size.minified += bytes.length;
    size.gzip += gzipSync(bytes, { level: 9 }).length;
    for (const [path, input] of Object.entries(outputs[name]?.inputs ?? {}))
      inputs[path] = (inputs[path] ?? 0) + input.bytesInOutput;
  }
  return { size, inputs };
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
