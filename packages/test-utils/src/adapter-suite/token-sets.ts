import { decodeJwt } from 'jose';
import { expect, it } from 'vitest';
import type { SuiteContext } from './suite-context.ts';
import { SUITE_SCOPES } from './world.ts';

/** The `scope` claim of the JWT in a `Bearer` header. */
const scopeOf = (authorization: string | undefined) =>
  authorization ? decodeJwt(authorization.replace(/^Bearer /i, '')).scope : undefined;

/** The adapter's own token set and a request's own, also after a 401. */
export function registerTokenSetTests({ adapter, world, data }: SuiteContext): void {
  it('sends each request the token of the set it names, one token request per set, also concurrently', async () => {
    const send = adapter.client(world.newTokens(), { baseUrl: world.api.url });
    const scopes = Array.from({ length: 20 }, (_, i) => SUITE_SCOPES[i % 2] ?? '');
    const replies = await Promise.all(
      scopes.map((scope, i) =>
        send({ url: `${data()}?i=${i}&scope=${encodeURIComponent(scope)}`, bearer: { scope } }),
      ),
    );
    expect(replies.filter((reply) => reply.status !== 200)).toEqual([]);
    expect(world.api.requests).toHaveLength(scopes.length);
    for (const request of world.api.requests) {
      const asked = new URL(request.url, world.api.url).searchParams.get('scope');
      expect(scopeOf(request.authorization)).toBe(asked);
    }
    expect(world.idp.stats().tokenRequests).toBe(2);
  });

  it("sends the adapter's own token set, and a request's own set instead when it names one", async () => {
    const send = adapter.client(world.newTokens(), {
      baseUrl: world.api.url,
      params: { scope: 'orders:read' },
    });
    expect((await send({ url: data() })).status).toBe(200);
    expect((await send({ url: data(), bearer: { scope: 'orders:write' } })).status).toBe(200);
    expect((await send({ url: data() })).status).toBe(200);
    expect(world.api.requests.map((request) => scopeOf(request.authorization))).toEqual([
      'orders:read',
      'orders:write',
      'orders:read',
    ]);
    expect(world.idp.stats().tokenRequests).toBe(2);
  });

  it('after a 401, refreshes the token set that was sent and resends with its new token', async () => {
    const send = adapter.client(world.newTokens(), { baseUrl: world.api.url });
    const write = { scope: 'orders:write' };
    expect((await send({ url: data(), bearer: write })).status).toBe(200);
    expect((await send({ url: data() })).status).toBe(200);
    world.idp.revokeAll();
    world.resetCounts();
    expect((await send({ url: data(), bearer: write })).status).toBe(200);
    const [first, second] = world.api.requests.map((request) => request.authorization);
    expect([scopeOf(first), scopeOf(second)]).toEqual(['orders:write', 'orders:write']);
    expect(second).not.toBe(first);
    expect(world.idp.stats().tokenRequests).toBe(1);
  });
}
