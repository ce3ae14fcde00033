import { bearerHooks } from '@tokenkeeper/ky';
import { useWorld } from '@tokenkeeper/test-utils/adapter-suite';
import ky, { isForceRetryError, isHTTPError } from 'ky';
import { describe, expect, it, vi } from 'vitest';

const world = useWorld();

describe('bearerHooks for ky', () => {
  it('returns the 401 as an HTTPError when retry.limit is 0, having sent once', async () => {
    const api = ky.create({
      baseUrl: world.api.url,
      retry: 0,
      hooks: bearerHooks(world.newTokens()),
    });
    await api.get('api/data');
    world.idp.revokeAll();
    world.resetCounts();
    const error = await api.get('api/data').catch((caught: unknown) => caught);
    expect(isHTTPError(error) && error.response.status).toBe(401);
    expect(world.api.stats().requests).toBe(1);
  });

  it('takes the origin of an absolute prefix as the default', async () => {
    const api = ky.create({
      prefix: `${world.api.url}/api`,
      hooks: bearerHooks(world.newTokens()),
    });
    expect((await api.get('data')).status).toBe(200);
    expect(world.api.requests[0]?.authorization).toMatch(/^Bearer /);
    // A URL instance bypasses the prefix: it goes elsewhere, without the token.
    expect((await api.get(new URL(`${world.other.url}/x`))).status).toBe(200);
    expect(world.other.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('sees the 401 without an afterResponse hook: ky clones no response', async () => {
    const hooks = bearerHooks(world.newTokens());
    expect(Object.keys(hooks).sort()).toEqual(['beforeRequest', 'beforeRetry', 'init']);
    const api = ky.create({ baseUrl: world.api.url, hooks });
    await api.get('api/data');
    world.idp.revokeAll();
    const clone = vi.spyOn(Response.prototype, 'clone');
    try {
      for (let i = 0; i < 5; i++) expect((await api.get('api/data')).status).toBe(200);
      expect(clone).not.toHaveBeenCalled();
    } finally {
      clone.mockRestore();
    }
    expect(world.api.stats().requests).toBe(1 + 6);
  });

  it('resends a 401 also with throwHttpErrors: false, and shows the resend to beforeRetry hooks', async () => {
    const seen: string[] = [];
    const api = ky
      .create({
        baseUrl: world.api.url,
        throwHttpErrors: false,
        hooks: bearerHooks(world.newTokens()),
      })
      .extend({
        hooks: {
          beforeRetry: [
            ({ error }) => {
              seen.push(isForceRetryError(error) ? String(error.code) : error.name);
            },
          ],
        },
      });
    await api.get('api/data');
    world.idp.revokeAll();
    world.resetCounts();
    expect((await api.post('api/echo', { json: { a: 1 } })).status).toBe(200);
    expect(world.api.stats().requests).toBe(2);
    expect(world.idp.stats().tokenRequests).toBe(1);
    expect(seen).toEqual(['BEARER_TOKEN_RENEWED']);
  });

  it('lets each ky.create given the same hooks keep its own base URL origin', async () => {
    const hooks = bearerHooks(world.newTokens());
    const toApi = ky.create({ baseUrl: world.api.url, hooks });
    const toOther = ky.create({ baseUrl: world.other.url, hooks });
    expect((await toApi.get('api/data')).status).toBe(200);
    expect((await toOther.get('x')).status).toBe(200);
    expect(world.other.requests[0]?.headers.authorization).toMatch(/^Bearer /);
  });

  it('takes the base URL of the first request: another base later gets no token, unless in origins', async () => {
    const tokens = world.newTokens();
    const api = ky.create({ baseUrl: world.api.url, hooks: bearerHooks(tokens) });
    // An instance that inherits the hooks with another baseUrl cannot be told from a request's own.
    const inherited = api.extend({ baseUrl: world.other.url });
    expect((await api.get('api/data')).status).toBe(200);
    expect((await inherited.get('x')).status).toBe(200);
    expect((await api.get('y', { baseUrl: world.other.url })).status).toBe(200);
    expect(world.other.requests.map((request) => request.headers.authorization)).toEqual([
      undefined,
      undefined,
    ]);
    const listed = ky.create({
      baseUrl: world.api.url,
      hooks: bearerHooks(tokens, { origins: [world.api.url, world.other.url] }),
    });
    expect((await listed.get('z', { baseUrl: world.other.url })).status).toBe(200);
    expect(world.other.requests[2]?.headers.authorization).toMatch(/^Bearer /);
  });

  it('rejects a context.bearer that is neither false nor token set parameters', async () => {
    const api = ky.create({ baseUrl: world.api.url, hooks: bearerHooks(world.newTokens()) });
    await expect(api.get('api/data', { context: { bearer: 'no' } })).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTIONS',
    });
    expect(world.api.stats().requests).toBe(0);
  });
});
