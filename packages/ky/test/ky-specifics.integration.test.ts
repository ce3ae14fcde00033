import { bearerHooks } from '@tokenkeeper/ky';
import { startWorld, type World } from '@tokenkeeper/test-utils/adapter-suite';
import ky, { isHTTPError } from 'ky';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world?.close());
beforeEach(() => world.resetCounts());
afterEach(() => world.disposeTokens());

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
});
