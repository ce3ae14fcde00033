import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
// These switch the example to a real Keycloak: the test must not inherit them.
const REAL_PROVIDER_VARS = [
  'TOKEN_ENDPOINT',
  'LOGOUT_ENDPOINT',
  'CLIENT_ID',
  'USERNAME',
  'PASSWORD',
  'API_URL',
];

function localEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of REAL_PROVIDER_VARS) delete env[name];
  return env;
}

it('logs in with the password grant, refreshes with the refresh token, and logs the session out', async () => {
  const { stdout } = await run(
    process.execPath,
    ['--conditions=@tokenkeeper/source', 'src/main.ts'],
    { cwd: root, env: localEnv(), timeout: 20_000 },
  );
  const lines = stdout.split('\n');
  expect(lines.filter((line) => line.includes('token from the password grant'))).toHaveLength(1);
  expect(stdout).toContain('token from the refresh_token grant');
  expect(lines.filter((line) => line === 'GET /api/data -> 200')).toHaveLength(3);
  expect(stdout).toContain('sessions on the server: 1');
  expect(stdout).toContain('logged out (keycloak)');
  expect(stdout).toContain('sessions on the server after logout: 0');
});
