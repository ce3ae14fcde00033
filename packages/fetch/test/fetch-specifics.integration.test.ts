import { bearerFetch } from '@tokenkeeper/fetch';
import { useWorld } from '@tokenkeeper/test-utils/adapter-suite';
import { describe, expect, it } from 'vitest';

const world = useWorld();

describe('bearerFetch', () => {
  it('replays a Request with a body after a 401, from the copy it kept', async () => {
    const api = bearerFetch(world.newTokens());
    await api(`${world.api.url}/api/data`);
    world.idp.revokeAll();
    world.resetCounts();
    const request = new Request(`${world.api.url}/api/echo`, { method: 'POST', body: 'payload' });
    const response = await api(request);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('payload');
    const [first, second] = world.api.requests;
    expect(second?.bodySha256).toBe(first?.bodySha256);
  });

  it('sends a Request with the token of the set that init.bearer names', async () => {
    const api = bearerFetch(world.newTokens(), { scope: 'orders:read' });
    const request = new Request(`${world.api.url}/api/echo`, { method: 'POST', body: 'x' });
    expect((await api(request, { bearer: { scope: 'orders:write' } })).status).toBe(200);
    expect((await api(`${world.api.url}/api/data`)).status).toBe(200);
    const scopes = world.api.requests.map(
      (r) => JSON.parse(atob((r.authorization ?? '').split('.')[1] ?? '')).scope,
    );
    expect(scopes).toEqual(['orders:write', 'orders:read']);
    expect(world.idp.stats().tokenRequests).toBe(2);
  });

  it('sends through the fetch it was given', async () => {
    const urls: string[] = [];
    const api = bearerFetch(world.newTokens(), {
      fetch: (input, init) => {
        urls.push(input instanceof Request ? input.url : String(input));
        return fetch(input, init);
      },
    });
    expect((await api(`${world.api.url}/api/data`)).status).toBe(200);
    expect(urls).toEqual([`${world.api.url}/api/data`]);
    expect(world.idp.stats().tokenRequests).toBe(1);
  });

  it("leaves the caller's init and headers as they were, in every HeadersInit form", async () => {
    const api = bearerFetch(world.newTokens());
    const record = { 'x-trace': '1' };
    const pairs: [string, string][] = [['x-trace', '1']];
    const headers = new Headers({ 'x-trace': '1' });
    for (const form of [record, pairs, headers]) {
      const init = { headers: form };
      expect((await api(`${world.api.url}/api/data`, init)).status).toBe(200);
      expect(init.headers).toBe(form);
    }
    expect(record).toEqual({ 'x-trace': '1' });
    expect(pairs).toEqual([['x-trace', '1']]);
    expect(headers.has('authorization')).toBe(false);
    expect(world.api.requests.every((r) => r.authorization?.startsWith('Bearer '))).toBe(true);
  });

  it("lets the caller's own Authorization win in every HeadersInit form", async () => {
    const api = bearerFetch(world.newTokens());
    const forms = [
      { Authorization: 'Basic abc' },
      [['AUTHORIZATION', 'Basic abc']] as [string, string][],
      new Headers({ authorization: 'Basic abc' }),
    ];
    for (const headers of forms) await api(`${world.api.url}/api/data`, { headers });
    expect(world.api.requests.map((r) => r.authorization)).toEqual([
      'Basic abc',
      'Basic abc',
      'Basic abc',
    ]);
    expect(world.idp.stats().tokenRequests).toBe(0);
  });

  it('rejects an init.bearer that is neither a boolean nor token set parameters', async () => {
    const api = bearerFetch(world.newTokens());
    const bad = { bearer: 'no' } as unknown as RequestInit;
    await expect(api(`${world.api.url}/api/data`, bad)).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTIONS',
      option: 'init.bearer',
    });
    expect(world.api.stats().requests).toBe(0);
  });
});
