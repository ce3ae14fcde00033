// What per-request token sets (issue #12: `getToken({ scope, audience, resource })`, adapters'
// `bearer: { scope }`) cost the common case's eager bundle, which does not use them: each size
// budget built as it is, and built again without them (the token sets module swapped for a
// one-set stub, the adapters' per-request parameters cut out). Fails above 300 B of gzip.
import { readFileSync } from 'node:fs';
import { buildBudget, root } from './size/eager-build.mjs';

const LIMIT = 300;

// Exact source edits that remove the per-request parameters; each must match once.
const cuts = {
  'packages/core/src/bearer-policy.ts': [
    [
      'const params = request.params ? { ...own, ...setFields(request.params) } : own;',
      'const params = own;',
    ],
  ],
  'packages/fetch/src/bearer-fetch.ts': [['params: choice,', '']],
  'packages/axios/src/attach-bearer.ts': [['params: choice,', '']],
  // Events that name the set they are about (#12: "events say which set").
  'packages/core/src/token-manager.ts': [
    ['const set = isDefault ? undefined : fingerprint(key);', ''],
    ['emit(set ? ({ ...event, set } as TokenManagerEvent) : event);', 'emit(event);'],
  ],
};

const withoutSets = {
  name: 'without-per-request-sets',
  setup(plugin) {
    plugin.onResolve({ filter: /token-sets\.ts$/ }, (args) =>
      args.importer.endsWith('token-manager.ts')
        ? { path: `${root}scripts/size-stubs/own-set-only.ts` }
        : undefined,
    );
    plugin.onLoad(
      { filter: /(bearer-policy|bearer-fetch|attach-bearer|token-manager)\.ts$/ },
      (args) => {
        let text = readFileSync(args.path, 'utf8');
        for (const [from, to] of cuts[args.path.slice(root.length)] ?? []) {
          if (text.split(from).length !== 2)
            throw new Error(`${args.path}: cut not found: ${from}`);
          text = text.replace(from, to);
        }
        return { contents: text, loader: 'ts' };
      },
    );
  },
};

async function eagerGzip(source, plugins) {
  const { eager, gzip } = await buildBudget(source, plugins);
  return [...eager].reduce((sum, name) => sum + gzip(name), 0);
}

const budgets = JSON.parse(readFileSync(`${root}scripts/size-budgets.json`, 'utf8'));
let failed = false;
for (const { name, source, all } of budgets) {
  if (all) continue;
  const [withSets, without] = [await eagerGzip(source, []), await eagerGzip(source, [withoutSets])];
  const cost = withSets - without;
  failed ||= cost > LIMIT;
  console.log(
    `${cost > LIMIT ? 'OVER' : 'ok  '} ${name}: per-request token sets cost ${cost} B gzip (${without} → ${withSets} B; limit ${LIMIT} B)`,
  );
}
if (failed) process.exit(1);
