// Size budgets as a user's bundler sees them (scripts/size/eager-build.mjs): gzip of the eager
// part only (the entry and the chunks it imports statically), or of every chunk, for "all".
// Budgets: scripts/size-budgets.json. Fails when one is exceeded.
import { readFileSync } from 'node:fs';
import { buildBudget, root } from './size/eager-build.mjs';

const budgets = JSON.parse(readFileSync(`${root}scripts/size-budgets.json`, 'utf8'));
let failed = false;
for (const budget of budgets) {
  const { outputs, eager, gzip } = await buildBudget(budget.source);
  const chosen = budget.all
    ? Object.keys(outputs).filter((name) => name.endsWith('.js'))
    : [...eager];
  if (process.env.SIZE_DEBUG)
    for (const name of chosen)
      console.log('  ', name, gzip(name), Object.keys(outputs[name].inputs).join(' '));
  const size = chosen.reduce((sum, name) => sum + gzip(name), 0);
  const ok = size <= budget.limitBytes;
  failed ||= !ok;
  console.log(
    `${ok ? 'ok  ' : 'OVER'} ${budget.name}: ${(size / 1000).toFixed(2)} kB (limit ${(budget.limitBytes / 1000).toFixed(2)} kB, goal ${(budget.goalBytes / 1000).toFixed(2)} kB)`,
  );
}
if (failed) process.exit(1);
