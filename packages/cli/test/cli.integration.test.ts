import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  type OidcServer,
  type QueryFixture,
  startOidcServer,
  startSeedFixture,
} from '@tokenkeeper/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/index.ts';

let oidc: OidcServer;
let query: QueryFixture;
beforeAll(async () => {
  oidc = await startOidcServer();
  query = (await startSeedFixture('query')) as QueryFixture;
});
afterAll(async () => {
  await Promise.all([oidc?.close(), query?.close()]);
});

async function run(argv: string[], env: Record<string, string> = {}, stdin = '') {
  let stdout = '';
  let stderr = '';
  const status = await runCli(argv, {
    env,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () => stdin,
  });
  return { status, stdout, stderr };
}

describe('tokenkeeper token', () => {
  it('prints an access token the API accepts, with the secret from the environment', async () => {
    const { status, stdout } = await run(
      [
        'token',
        '--token-endpoint',
        oidc.tokenEndpoint,
        '--client-id',
        oidc.client.clientId,
        '--param',
        `resource=${oidc.audience}`,
      ],
      { TOKENKEEPER_CLIENT_SECRET: oidc.client.clientSecret },
    );
    expect(status).toBe(0);
    expect(await oidc.verifyAccessToken(stdout.trim())).toBe(true);
    expect(oidc.stats().revocations).toBe(0); // a printed token stays valid
  });

  it('speaks the query style and prints JSON with --json', async () => {
    const { status, stdout } = await run(
      [
        'token',
        '--json',
        '--style',
        'query',
        '--token-endpoint',
        query.tokenEndpoint,
        '--client-id',
        query.clientId,
      ],
      { TOKENKEEPER_CLIENT_SECRET: query.clientSecret },
    );
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      tokenType: 'Bearer',
      scope: 'Scope',
      accessToken: expect.any(String),
    });
  });

  it('exits 1 with a typed, secret-free message when the server refuses', async () => {
    const secret = 'wrong-secret-Qm81xT';
    const { status, stdout, stderr } = await run(
      ['token', '--token-endpoint', oidc.tokenEndpoint, '--client-id', oidc.client.clientId],
      { TOKENKEEPER_CLIENT_SECRET: secret },
    );
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^tokenkeeper: ERR_TOKEN_ENDPOINT: Token endpoint answered 401: invalid_client/,
    );
    expect(stderr).not.toContain(secret);
  });

  it('exits 2 on usage errors and refuses plain http to a remote host', async () => {
    expect((await run(['token'])).status).toBe(2);
    expect((await run(['token', '--bogus'])).status).toBe(2);
    expect((await run(['frobnicate'])).status).toBe(2);
    const insecure = await run([
      'token',
      '--token-endpoint',
      'http://idp.example.test/token',
      '--client-id',
      'c',
    ]);
    expect(insecure.status).toBe(1);
    expect(insecure.stderr).toContain('ERR_INSECURE_ENDPOINT');
  });
});

describe('tokenkeeper inspect and revoke', () => {
  it('decodes a token from stdin without verifying it', async () => {
    const token = (
      await run(
        [
          'token',
          '--token-endpoint',
          oidc.tokenEndpoint,
          '--client-id',
          oidc.client.clientId,
          '--param',
          `resource=${oidc.audience}`,
        ],
        {
          TOKENKEEPER_CLIENT_SECRET: oidc.client.clientSecret,
        },
      )
    ).stdout.trim();
    const { status, stdout } = await run(['inspect', '--token', '-'], {}, `${token}\n`);
    expect(status).toBe(0);
    const description = JSON.parse(stdout);
    expect(description).toMatchObject({ format: 'jwt', note: 'decoded, signature NOT verified' });
    expect(description.claims.aud).toBe(oidc.audience);
    expect(description.expiresInSeconds).toBeGreaterThan(0);
  });

  it('says an opaque token has nothing to decode', async () => {
    const { stdout } = await run(['inspect', '--token', 'abc123']);
    expect(JSON.parse(stdout).format).toBe('opaque');
  });

  it('revokes a token piped into it (RFC 7009)', async () => {
    const env = { TOKENKEEPER_CLIENT_SECRET: oidc.client.clientSecret };
    const token = (
      await run(
        [
          'token',
          '--token-endpoint',
          oidc.tokenEndpoint,
          '--client-id',
          oidc.client.clientId,
          '--param',
          `resource=${oidc.audience}`,
        ],
        env,
      )
    ).stdout.trim();
    const { status } = await run(
      [
        'revoke',
        '--endpoint',
        oidc.revocationEndpoint,
        '--client-id',
        oidc.client.clientId,
        '--hint',
        'access_token',
      ],
      env,
      token,
    );
    expect(status).toBe(0);
    expect(await oidc.verifyAccessToken(token)).toBe(false);
  });

  it('runs as an executable', () => {
    const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
    const result = spawnSync(
      process.execPath,
      ['--conditions=@tokenkeeper/source', cli, 'inspect', '--token', 'opaque'],
      {
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).format).toBe('opaque');
  });
});
