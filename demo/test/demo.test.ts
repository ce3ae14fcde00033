import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const execFileAsync = promisify(execFile);

/** Runs the demo; resolves with its exit code and output even when it fails, so a failure shows why. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      ['--conditions=@tokenkeeper/source', 'src/main.ts', ...args],
      // A pipe, not a TTY: the plain-line output; NO_COLOR keeps ANSI out of it either way.
      { cwd: root, env: { ...process.env, NO_COLOR: '1' }, timeout: 55_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
const root = fileURLToPath(new URL('..', import.meta.url));

it('drives all four clients through expiry, revocation and an outage with no failure, then logs every session out', async () => {
  const startedAt = Date.now();
  // Three-second tokens (two to three seconds, as JWT `exp` has whole seconds): a busy CI machine
  // can take more than a second per request, and a token must outlive one round trip.
  const { code, stdout, stderr } = await run([
    '--duration',
    '4',
    '--ttl',
    '3',
    '--concurrency',
    '4',
  ]);
  expect(code, `${stdout}\n${stderr}`).toBe(0);
  expect(Date.now() - startedAt).toBeLessThan(55_000);

  expect(stdout).toContain('server revoked every token');
  expect(stdout).toContain('token endpoint down (503)');
  expect(stdout).toContain('token endpoint back');

  const table = stdout.slice(stdout.indexOf('Per client'));
  expect(table).toMatch(
    /^client\s+grant\s+requests\s+succeeded\s+401s retried\s+token requests\s+failures$/m,
  );
  for (const client of ['axios', 'ky', 'got', 'fetch']) {
    // requests, succeeded, 401s retried, token requests, failures
    const row = new RegExp(
      `^${client}\\s+.+?\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$`,
      'm',
    ).exec(table);
    expect(row, `a row for ${client}`).not.toBeNull();
    const [requests, succeeded, retried401, tokenRequests, failures] = row!.slice(1).map(Number);
    expect(requests).toBeGreaterThan(0);
    expect(succeeded).toBe(requests);
    expect(failures).toBe(0);
    expect(retried401).toBeGreaterThanOrEqual(0);
    // Tokens of two to three seconds over about five, plus one after the revocation, for four
    // workers at a time: single flight keeps it to one token request per token lifetime.
    expect(tokenRequests).toBeGreaterThanOrEqual(2);
    expect(tokenRequests).toBeLessThanOrEqual(10);
  }
  const total = /^total\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$/m.exec(stdout);
  expect(total, 'a total row').not.toBeNull();
  // The revocation made requests in flight meet a 401; each was retried once, and succeeded.
  expect(Number(total![3])).toBeGreaterThan(0);
  expect(Number(total![5])).toBe(0);
  expect(stdout).toContain('logged out: 4 sessions revoked, 0 live');
  expect(stdout).toContain(
    'after dispose, getAccessToken() rejects with TokenManagerDisposedError',
  );
  expect(stdout).toMatch(/^OK: 0 failed requests/m);
}, 60_000);
