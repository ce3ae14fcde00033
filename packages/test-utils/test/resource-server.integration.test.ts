import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BODY_SHA256_HEADER,
  type RecorderServer,
  type ResourceServer,
  type ServeInfo,
  sha256,
  startRecorderServer,
  startResourceServer,
} from '../src/index.ts';

let api: ResourceServer;
let other: RecorderServer;
beforeAll(async () => {
  api = await startResourceServer({ verify: (token) => token === 'good' });
  other = await startRecorderServer();
});
afterAll(() => Promise.all([api.close(), other.close()]));

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('startResourceServer', () => {
  it('serves /api/data to a valid token and 401s a bad or missing one', async () => {
    api.resetStats();
    expect((await fetch(`${api.url}/api/data`, { headers: bearer('good') })).status).toBe(200);
    const bad = await fetch(`${api.url}/api/data`, { headers: bearer('bad') });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect((await fetch(`${api.url}/api/data`)).status).toBe(401);
    const stats = api.stats();
    expect(stats).toMatchObject({ requests: 3, unauthorized: 2 });
    expect(stats.byToken.get('good')).toBe(1);
  });

  it('echoes body bytes and content-type with a SHA-256 header', async () => {
    const body = new Uint8Array([0, 1, 2, 255, 10]);
    const res = await fetch(`${api.url}/api/echo`, {
      method: 'PUT',
      headers: { ...bearer('good'), 'content-type': 'application/x-test' },
      body,
    });
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(body);
    expect(res.headers.get('content-type')).toBe('application/x-test');
    expect(res.headers.get(BODY_SHA256_HEADER)).toBe(sha256(body));
    expect(api.requests.at(-1)?.bodySha256).toBe(sha256(body));
  });

  it('always answers 403 on /api/forbidden and 401 in always401 mode', async () => {
    expect((await fetch(`${api.url}/api/forbidden`, { headers: bearer('good') })).status).toBe(403);
    api.setMode('always401');
    expect((await fetch(`${api.url}/api/data`, { headers: bearer('good') })).status).toBe(401);
    api.setMode('normal');
  });

  it('redirects without auth, and the recorder records what the other origin received', async () => {
    const to = `${other.url}/landing`;
    const res = await fetch(`${api.url}/redirect?to=${encodeURIComponent(to)}`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(to);
    await fetch(to, { headers: { 'x-probe': '1' } });
    expect(other.requests.at(-1)?.headers['x-probe']).toBe('1');
  });
});

describe('serve.ts', () => {
  it('prints one JSON line in a child process and exits on SIGTERM', async () => {
    const entry = fileURLToPath(new URL('../src/serve.ts', import.meta.url));
    const child = spawn(process.execPath, [entry, 'keycloak', '--ttl', '3'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const info = JSON.parse(line) as ServeInfo;
    expect(info).toMatchObject({ kind: 'keycloak', ttl: 3, clientId: 'ocp', realm: 'master' });

    const login = await fetch(info.tokenEndpoint, {
      method: 'POST',
      body: new URLSearchParams({
        client_id: info.clientId,
        grant_type: 'password',
        username: info.username ?? '',
        password: info.password ?? '',
      }),
    });
    const { access_token } = await login.json();
    expect(
      (await fetch(`${info.resourceUrl}/api/data`, { headers: bearer(access_token) })).status,
    ).toBe(200);
    await fetch(`${info.url}/__admin/revoke-all`, { method: 'POST' });
    expect(
      (await fetch(`${info.resourceUrl}/api/data`, { headers: bearer(access_token) })).status,
    ).toBe(401);
    expect(await (await fetch(`${info.url}/__admin/stats`)).json()).toMatchObject({
      tokenRequests: 1,
      liveSessions: 1,
    });

    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
