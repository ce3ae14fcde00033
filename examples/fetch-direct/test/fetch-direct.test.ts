import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
// These switch the example to a real provider: the test must not inherit them.
const REAL_PROVIDER_VARS = [
  'ISSUER',
  'TOKEN_ENDPOINT',
  'REVOCATION_ENDPOINT',
  'CLIENT_ID',
  'CLIENT_SECRET',
  'SCOPE',
  'AUDIENCE',
  'API_URL',
];

function localEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of REAL_PROVIDER_VARS) delete env[name];
  return env;
}

it('serves parallel requests with one token, retries once after a revocation, and revokes at shutdown', async () => {
  const { stdout } = await run(
    process.execPath,
    ['--conditions=@tokenkeeper/source', 'src/main.ts'],
    { cwd: root, env: localEnv(), timeout: 20_000 },
  );
  expect(stdout).toContain('10 visitors at once: 10 x 200');
  expect(stdout).toContain('the API refused the token: getting a new one');
  expect(stdout).toContain('after the server revoked all tokens: 200');
  expect(stdout).toContain('revoked at shutdown');
  expect(stdout).toContain('server saw 2 token requests, 1 API 401 retried, 1 revocation');
});
