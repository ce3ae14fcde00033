// A size budget's bundle as a user's bundler makes it: esbuild, browser, minified, code
// splitting on (what core imports lazily becomes chunks of its own), the HTTP clients external,
// the packages from their sources. `eager` are the chunks a page loads up front: the entry and
// what it imports statically. Shared by scripts/size-eager.mjs, size-by-module.mjs and
// size-per-request-sets.mjs.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const root = new URL('../..', import.meta.url).pathname;

export async function buildBudget(source, plugins = []) {
  const result = await build({
    stdin: { contents: source, resolveDir: `${root}packages/core`, loader: 'js' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    write: false,
    outdir: `${root}.tmp/size`,
    absWorkingDir: root,
    external: ['axios', 'ky', 'got'],
    // The packages' sources, so no build is needed (tsc's output is the same code, minus types).
    alias: Object.fromEntries(
      ['core', 'fetch', 'axios', 'ky', 'got'].map((name) => [
        `@tokenkeeper/${name}`,
        `${root}packages/${name}/src/index.ts`,
      ]),
    ),
    metafile: true,
    plugins,
  });
  const { outputs } = result.metafile;
  const contents = new Map(result.outputFiles.map((file) => [file.path, file.contents]));
  const eager = new Set();
  const visit = (name) => {
    if (eager.has(name)) return;
    eager.add(name);
    for (const imported of outputs[name].imports)
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(Object.keys(outputs).find((name) => outputs[name].entryPoint === '<stdin>'));
  /** Gzip (level 9) of one output chunk, by its metafile name. */
  const gzip = (name) => gzipSync(contents.get(`${root}${name}`), { level: 9 }).length;
  return { outputs, eager, gzip };
}
