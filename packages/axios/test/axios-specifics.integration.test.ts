import { attachBearer } from '@tokenkeeper/axios';
import { useWorld } from '@tokenkeeper/test-utils/adapter-suite';
import axios from 'axios';
import { describe, expect, it } from 'vitest';

const world = useWorld();

describe('attachBearer', () => {
  it('drops the token and its DPoP proof itself when a redirect leaves the origin, then runs the caller’s own hook', async () => {
    const api = axios.create({ baseURL: world.api.url });
    attachBearer(api, world.newTokens());
    const seen: string[] = [];
    const response = await api.get('/api/data', {
      beforeRedirect: (options) => seen.push(String(options.href)),
    });
    // Call the hook the adapter installed the way follow-redirects does, for a hop elsewhere.
    const hop = {
      href: `${world.other.url}/x`,
      headers: { Authorization: 'DPoP t', DPoP: 'proof', Accept: '*/*' },
    };
    const statusCode = 302 as const;
    response.config.beforeRedirect?.(
      hop,
      { headers: {}, statusCode },
      { headers: {}, url: '', method: 'GET' },
    );
    expect(hop.headers).toEqual({ Accept: '*/*' });
    expect(seen).toEqual([`${world.other.url}/x`]);
  });

  it('stops adding the token once detached', async () => {
    const api = axios.create({ baseURL: world.api.url });
    const detach = attachBearer(api, world.newTokens());
    detach();
    await expect(api.get('/api/data')).rejects.toMatchObject({ response: { status: 401 } });
    expect(world.api.requests.map((request) => request.authorization)).toEqual([undefined]);
  });

  it('follows a baseURL changed after attaching', async () => {
    const api = axios.create({ baseURL: world.other.url });
    attachBearer(api, world.newTokens());
    api.defaults.baseURL = world.api.url;
    expect((await api.get('/api/data')).status).toBe(200);
  });

  it('rejects a bearer config that is neither a boolean nor token set parameters', async () => {
    const api = axios.create({ baseURL: world.api.url });
    attachBearer(api, world.newTokens());
    const bad = { bearer: 'no' } as unknown as Parameters<typeof api.get>[1];
    await expect(api.get('/api/data', bad)).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTIONS',
      option: 'bearer',
    });
    expect(world.api.stats().requests).toBe(0);
  });
});
