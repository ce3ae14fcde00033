import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('process lifetime', () => {
  it('keeps the process alive for a caller awaiting a token through retry backoff, then lets it exit', () => {
    const script = fileURLToPath(new URL('./fixtures/await-through-outage.ts', import.meta.url));
    const started = Date.now();
    const result = spawnSync(process.execPath, ['--conditions=@tokenkeeper/source', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ token: 'token-3', hits: 3 });
    expect(Date.now() - started).toBeLessThan(15_000); // exited by itself: no timer kept it alive
  });
});
