// Runnable entry for child processes and benchmarks:
//   node src/serve.ts oidc|query|auth0|keycloak [--ttl 5] [--port 0]
// Prints one JSON line (ServeInfo) to stdout, then runs until SIGTERM/SIGINT or stdin closes.
import { fstatSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type ServeKind, startServe } from './serve-info.ts';

const kinds = new Set<string>(['oidc', 'query', 'auth0', 'keycloak']);
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { ttl: { type: 'string' }, port: { type: 'string' } },
});
const kind = positionals[0] ?? '';
if (!kinds.has(kind)) {
  process.stderr.write('usage: node src/serve.ts oidc|query|auth0|keycloak [--ttl 5] [--port 0]\n');
  process.exit(2);
}

const { info, close } = await startServe(kind as ServeKind, {
  ttl: values.ttl ? Number(values.ttl) : undefined,
  port: values.port ? Number(values.port) : undefined,
});
process.stdout.write(`${JSON.stringify(info)}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await close();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Only a pipe means "the parent holds us": /dev/null (stdio 'ignore') would end at once.
const stdin = fstatSync(0);
if (stdin.isFIFO() || stdin.isSocket()) {
  process.stdin.on('end', stop).on('close', stop).resume();
}
