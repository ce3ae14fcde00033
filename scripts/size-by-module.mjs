// What the eager chunk of a size budget is made of: minified bytes per module, and the gzip of
// the eager chunks as `pnpm size` counts it. Usage: node scripts/size-by-module.mjs [budget index]
import { readFileSync } from 'node:fs';
import { buildBudget, root } from './size/eager-build.mjs';

const budgets = JSON.parse(readFileSync(`${root}scripts/size-budgets.json`, 'utf8'));
const { outputs, eager, gzip } = await buildBudget(budgets[Number(process.argv[2] ?? 0)].source);
const rows = [];
for (const name of eager)
  for (const [input, { bytesInOutput }] of Object.entries(outputs[name].inputs))
    rows.push([
      bytesInOutput,
      input.replace(/.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, ''),
      name.replace('.tmp/size/', ''),
    ]);
rows.sort((a, b) => b[0] - a[0]);
for (const [bytes, input, chunk] of rows)
  console.log(String(bytes).padStart(6), input.padEnd(48), chunk);
const sizes = [...eager].map(gzip);
console.log(
  `${rows.reduce((sum, [bytes]) => sum + bytes, 0)} B minified in ${eager.size} eager chunks; gzip ${sizes.reduce((a, b) => a + b, 0)} B (${sizes.join(' + ')})`,
);
