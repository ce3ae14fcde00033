import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
// These switch the example to a real tenant: the test must not inherit them.
const REAL_PROVIDER_VARS = ['TOKEN_ENDPOINT', 'CLIENT_ID', 'CLIENT_SECRET', 'AUDIENCE', 'API_URL'];

function localEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of REAL_PROVIDER_VARS) delete env[name];
  return env;
}

it('gets one token with a JSON request for the audience and shares it between parallel requests', async () => {
  const { stdout } = await run(
    process.execPath,
    ['--conditions=@tokenkeeper/source', 'src/main.ts'],
    { cwd: root, env: localEnv(), timeout: 20_000 },
  );
  expect(stdout.match(/token from the client_credentials grant/g)).toHaveLength(1);
  expect(stdout).toContain('5 requests at once: 200, 200, 200, 200, 200');
  expect(stdout).toContain('one more, with the cached token: 200');
  expect(stdout).toContain('token requests the server received: 1');
});
