import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

it('authenticates with a signed assertion, uses DPoP-bound tokens through the nonce dance, and a stolen token is refused', async () => {
  const { stdout } = await run(
    process.execPath,
    ['--conditions=@tokenkeeper/source', 'src/main.ts'],
    { cwd: root, timeout: 30_000 },
  );
  expect(stdout).toContain('GET /orders: 200 (token type DPoP)');
  expect(stdout).toContain('20 requests at once: 20 x 200');
  expect(stdout).toContain('the stolen token replayed without the key: 401');
  expect(stdout).toContain('revoked at shutdown');
  expect(stdout).toContain('token endpoint saw 2 token requests');
  expect(stdout).toContain('the API accepted 21 and refused 2');
});
