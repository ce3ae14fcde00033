// What the eager chunk of a size budget is made of: minified bytes per module, and the gzip of
// the eager chunks as `pnpm size` counts it. Usage: node scripts/size-by-module.mjs [budget index]
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const budgets = JSON.parse(readFileSync(`${root}scripts/size-budgets.json`, 'utf8'));
const { source } = budgets[Number(process.argv[2] ?? 0)];
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
  alias: Object.fromEntries(
    ['core', 'fetch', 'axios', 'ky', 'got'].map((name) => [
      `@tokenkeeper/${name}`,
      `${root}packages/${name}/src/index.ts`,
    ]),
  ),
  metafile: true,
});
const outputs = result.metafile.outputs;
const entry = Object.keys(outputs).find((name) => outputs[name].entryPoint === '<stdin>');
const eager = new Set();
const visit = (name) => {
  if (eager.has(name)) return;
  eager.add(name);
  for (const imported of outputs[name].imports)
    if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
};
visit(entry);
const rows = [];
for (const name of eager)
  for (const [input, { bytesInOutput }] of Object.entries(outputs[name].inputs))
    rows.push([
      bytesInOutput,
      input.replace(/.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, ''),
      name,
    ]);
rows.sort((a, b) => b[0] - a[0]);
for (const [bytes, input, chunk] of rows)
  console.log(String(bytes).padStart(6), input.padEnd(48), chunk.replace('.tmp/size/', ''));
const contents = new Map(result.outputFiles.map((file) => [file.path, file.contents]));
const gzip = [...eager].map(
  (name) => gzipSync(contents.get(`${root}${name}`), { level: 9 }).length,
);
console.log(
  `${rows.reduce((sum, [bytes]) => sum + bytes, 0)} B minified in ${eager.size} eager chunks; gzip ${gzip.reduce((a, b) => a + b, 0)} B (${gzip.join(' + ')})`,
);
