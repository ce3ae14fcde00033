// The benchmark's identity provider and API, in a process of their own:
//   node --conditions=@tokenkeeper/source src/server.ts [--latency 50]
// Prints one JSON line (BenchServerInfo), then runs until SIGTERM/SIGINT or its stdin closes.
import { parseArgs } from 'node:util';
import { startBenchServer } from './server/bench-server.ts';

const { values } = parseArgs({ options: { latency: { type: 'string' } } });
const { info, close } = await startBenchServer({
  tokenLatencyMs: values.latency === undefined ? 50 : Number(values.latency),
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
process.stdin.on('end', stop).on('close', stop).resume();
