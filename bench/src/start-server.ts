import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BenchServerInfo } from './server/bench-server.ts';

/** Starts `server.ts` in its own process; it stops when we close its stdin or exit. */
export async function startServer(): Promise<{ info: BenchServerInfo; stop(): void }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@tokenkeeper/source', fileURLToPath(new URL('./server.ts', import.meta.url))],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const info = await new Promise<BenchServerInfo>((resolveInfo, reject) => {
    const timer = setTimeout(() => reject(new Error('bench server did not start')), 20_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolveInfo(JSON.parse(line) as BenchServerInfo);
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    info,
    stop() {
      child.stdin.end();
      child.kill('SIGTERM');
    },
  };
}
