// The README's quick start, run as it is written, while nothing listens on the Redis port.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type OidcServer, startOidcServer } from '@tokenkeeper/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './redis-server.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const README_ENDPOINT = 'https://idp.example.com/oauth/token';

/** The code block that follows `<!-- readme-test: <name> … -->` in the README. */
async function readmeBlock(name: string): Promise<string> {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const block = new RegExp(`<!-- readme-test: ${name}\\b[^>]*-->\\s*\`\`\`ts\\n([\\s\\S]*?)\`\`\``);
  const code = block.exec(readme)?.[1];
  if (!code) throw new Error(`README.md has no block marked readme-test: ${name}`);
  return code;
}

/** Runs TypeScript in a fresh Node process from the package directory; resolves with its stdout. */
function runTypeScript(code: string, env: Record<string, string>, timeoutMs: number) {
  return new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@tokenkeeper/source',
        '--disable-warning=ExperimentalWarning',
        '--input-type=module-typescript',
      ],
      { cwd: packageDir, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (exitCode) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code: exitCode });
    });
    child.stdin.end(code);
  });
}

let idp: OidcServer;
beforeAll(async () => {
  idp = await startOidcServer({ clientId: 'orders-service', clientSecret: 'orders-secret' });
  // One token request first, so the measurement below holds the snippet's start-up, not the
  // provider's first-request warm-up (JIT, key import) in this busy test process.
  const warmUp = await fetch(idp.tokenEndpoint, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'orders-service',
      client_secret: 'orders-secret',
    }),
  });
  expect(warmUp.status).toBe(200);
  idp.resetStats();
});
afterAll(() => idp?.close());

describe('the README quick start', () => {
  it('gets a token within 1 s while nothing listens on the Redis port', async () => {
    const snippet = await readmeBlock('quick-start');
    expect(snippet).toContain(README_ENDPOINT);
    expect(snippet).toContain('process.env.REDIS_URL');
    // Only the environment changes: the endpoint literal stands for the IdP's URL, REDIS_URL
    // and CLIENT_SECRET come from the environment as in production.
    const code = [
      'const readmeStartedAt = performance.now();', // runs once the imports are loaded
      snippet.replace(README_ENDPOINT, idp.tokenEndpoint),
      'const token = await tokens.getAccessToken();',
      'const ms = Math.round(performance.now() - readmeStartedAt);',
      "console.log(JSON.stringify({ ms, token: typeof token === 'string' && token.length > 0 }));",
      'process.exit(0);', // the client would keep reconnecting for ever
    ].join('\n');
    const redisPort = await freePort();
    const env = { REDIS_URL: `redis://127.0.0.1:${redisPort}`, CLIENT_SECRET: 'orders-secret' };

    // Two runs, the faster one counts: a start-up that waits for Redis fails both (it never
    // gets a token), while a machine busy with other suites rarely slows both past 1 s.
    const times: number[] = [];
    for (let run = 0; run < 2 && !times.some((ms) => ms < 1_000); run += 1) {
      const result = await runTypeScript(code, env, 15_000);
      // Nothing on stderr but the snippet's own warnings about the connection.
      const lines = result.stderr.split('\n').filter(Boolean);
      expect(lines.filter((line) => !/^redis: connect ECONNREFUSED /.test(line))).toEqual([]);
      expect(result.code).toBe(0);
      const outcome = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
        ms: number;
        token: boolean;
      };
      expect(outcome.token).toBe(true);
      times.push(outcome.ms);
    }
    expect(Math.min(...times)).toBeLessThan(1_000);
    expect(idp.stats().tokenRequests).toBe(times.length); // one per run: no retry, no wait
    console.info(
      `[readme] quick start with Redis down: a token ${times.join(' ms, ')} ms after start-up (imports excluded)`,
    );
  });
});
