import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
// These switch the example to a real provider: the test must not inherit them.
const REAL_PROVIDER_VARS = ['TOKEN_ENDPOINT', 'CLIENT_ID', 'CLIENT_SECRET', 'API_URL'];

function localEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of REAL_PROVIDER_VARS) delete env[name];
  return env;
}

it('warns that the secret goes in the URL, gets tokens with GET, and refreshes with the refresh token', async () => {
  const { stdout, stderr } = await run(
    process.execPath,
    ['--conditions=@tokenkeeper/source', 'src/main.ts'],
    { cwd: root, env: localEnv(), timeout: 20_000 },
  );
  expect(stderr).toContain("warning: requestStyle 'query' puts the client secret in the URL");
  expect(stdout.match(/token from the client_credentials grant/g)).toHaveLength(1);
  expect(stdout).toContain('token from the refresh_token grant');
  expect(stdout.match(/^GET \/api\/data -> 200$/gm)).toHaveLength(3);
  expect(stdout).toMatch(
    /token requests the server received: client_credentials 1, refresh_token [12]$/m,
  );
  // The secret is in the token URL, and must never reach the output.
  expect(stdout + stderr).not.toContain('query-secret');
});
