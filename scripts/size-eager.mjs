// Size budgets as a user's bundler sees them: esbuild, browser, minified, code splitting on
// (so what core imports lazily becomes chunks of its own), the HTTP clients external, and
// gzip of the eager part only (the entry and the chunks it imports statically) — or of every
// chunk, for "all". Budgets: scripts/size-budgets.json. Fails when one is exceeded.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;

async function measure({ source, all }) {
  const result = await build({
    stdin: { contents: source, resolveDir: `${root}packages/core`, loader: 'js' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    write: false,
    outdir: `${root}.tmp/size`,
    external: ['axios', 'ky', 'got'],
    // The packages' sources, so no build is needed (tsc's output is the same code, minus types).
    alias: Object.fromEntries(
      ['core', 'fetch', 'axios', 'ky', 'got'].map((name) => [
        `@tokenkeeper/${name}`,
        `${root}packages/${name}/src/index.ts`,
      ]),
    ),
    metafile: true,
  });
  const outputs = result.metafile.outputs;
  const bytes = new Map(result.outputFiles.map((file) => [file.path, file.contents]));
  const entry = Object.keys(outputs).find((name) => outputs[name].entryPoint === '<stdin>');
  const eager = new Set();
  const visit = (name) => {
    if (eager.has(name)) return;
    eager.add(name);
    for (const imported of outputs[name].imports) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(entry);
  const chosen = all ? Object.keys(outputs).filter((name) => name.endsWith('.js')) : [...eager];
  if (process.env.SIZE_DEBUG)
    for (const name of chosen)
      console.log(
        '  ',
        name,
        gzipSync(bytes.get(`${root}${name}`), { level: 9 }).length,
        Object.keys(outputs[name].inputs).join(' '),
      );
  return chosen.reduce(
    (sum, name) => sum + gzipSync(bytes.get(`${root}${name}`), { level: 9 }).length,
    0,
  );
}

const budgets = JSON.parse(readFileSync(`${root}scripts/size-budgets.json`, 'utf8'));
let failed = false;
for (const budget of budgets) {
  const size = await measure(budget);
  const ok = size <= budget.limitBytes;
  failed ||= !ok;
  console.log(
    `${ok ? 'ok  ' : 'OVER'} ${budget.name}: ${(size / 1000).toFixed(2)} kB (limit ${(budget.limitBytes / 1000).toFixed(2)} kB, goal ${(budget.goalBytes / 1000).toFixed(2)} kB)`,
  );
}
if (failed) process.exit(1);
