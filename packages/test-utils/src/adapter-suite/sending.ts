import { expect, it } from 'vitest';
import type { SuiteContext } from './suite-context.ts';

/** Sends, refreshes after a revoked token, and leaves alone what it must not retry or touch. */
export function registerSendingTests({ adapter, world, data, warmClient }: SuiteContext): void {
  it('sends the token to the base URL origin and gets the data', async () => {
    const send = adapter.client(world.newTokens(), { baseUrl: world.api.url });
    const reply = await send({ url: data() });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ ok: true, data: [1, 2, 3] });
    expect(world.api.requests[0]?.authorization).toMatch(/^Bearer \S+$/);
    expect(world.idp.stats().tokenRequests).toBe(1);
  });

  it('refreshes once for 2,000 concurrent requests whose token was revoked, and every request succeeds', async () => {
    const send = await warmClient();
    world.idp.revokeAll();
    const replies = await Promise.all(Array.from({ length: 2000 }, () => send({ url: data() })));
    expect(replies.filter((reply) => reply.status !== 200)).toEqual([]);
    expect(world.idp.stats().tokenRequests).toBe(1);
    expect(world.api.stats().requests).toBeLessThanOrEqual(4000);
    console.info(
      `[${adapter.name}] 2,000 after revocation: ${world.api.stats().requests} sends, ${world.idp.stats().tokenRequests} token request(s)`,
    );
  });

  it('sends each request at most twice and returns the 401 when the API refuses every token', async () => {
    const send = await warmClient();
    world.api.setMode('always401');
    const count = 200;
    const replies = await Promise.all(
      Array.from({ length: count }, (_, i) => send({ url: `${data()}?i=${i}` })),
    );
    expect(replies.every((reply) => reply.status === 401)).toBe(true);
    const sends = new Map<string, number>();
    for (const request of world.api.requests)
      sends.set(request.url, (sends.get(request.url) ?? 0) + 1);
    expect(sends.size).toBe(count);
    expect(Math.max(...sends.values())).toBe(2);
    expect(world.idp.stats().tokenRequests).toBeLessThanOrEqual(2);
    console.info(
      `[${adapter.name}] always 401, ${count} requests: ${world.api.stats().requests} sends, ${world.idp.stats().tokenRequests} token request(s)`,
    );
  });

  it('does not retry a 403', async () => {
    const send = await warmClient();
    const reply = await send({ url: `${world.api.url}/api/forbidden` });
    expect(reply.status).toBe(403);
    expect(world.api.stats().requests).toBe(1);
    expect(world.idp.stats().tokenRequests).toBe(0);
  });

  it('leaves an explicit Authorization header alone and does not retry its 401', async () => {
    const send = adapter.client(world.newTokens(), { baseUrl: world.api.url });
    const reply = await send({ url: data(), authorization: 'Bearer callers-own' });
    expect(reply.status).toBe(401);
    expect(world.api.requests.map((request) => request.authorization)).toEqual([
      'Bearer callers-own',
    ]);
    expect(world.idp.stats().tokenRequests).toBe(0);
  });

  it('sends no token when the request opts out', async () => {
    const send = adapter.client(world.newTokens(), { baseUrl: world.api.url });
    const reply = await send({ url: data(), optOut: true });
    expect(reply.status).toBe(401);
    expect(world.api.requests.map((request) => request.authorization)).toEqual([undefined]);
    expect(world.idp.stats().tokenRequests).toBe(0);
  });
}
