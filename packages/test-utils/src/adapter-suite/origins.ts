import { expect, it } from 'vitest';
import type { SuiteContext } from './suite-context.ts';

/** Which origins get the token, also across redirects. */
export function registerOriginTests({ adapter, world, data }: SuiteContext): void {
  it('sends no token to an origin other than the base URL origin', async () => {
    const send = adapter.client(world.newTokens(), { baseUrl: world.api.url });
    expect((await send({ url: `${world.other.url}/elsewhere` })).status).toBe(200);
    expect(world.other.requests.map((request) => request.headers.authorization)).toEqual([
      undefined,
    ]);
    expect(world.idp.stats().tokenRequests).toBe(0);
  });

  it('sends the token only to the configured origins, compared as exact origins', async () => {
    const send = adapter.client(world.newTokens(), { origins: [world.api.url] });
    expect((await send({ url: data() })).status).toBe(200);
    expect((await send({ url: `${world.other.url}/elsewhere` })).status).toBe(200);
    expect(world.other.requests[0]?.headers.authorization).toBeUndefined();
    const lookalike = `http://localhost:${world.api.port}/api/data`;
    expect((await send({ url: lookalike })).status).toBe(401);
    expect(world.api.requests.at(-1)?.authorization).toBeUndefined();
  });

  it('sends the token on every request when there is neither a base URL nor origins', async () => {
    const send = adapter.client(world.newTokens(), {});
    expect((await send({ url: data() })).status).toBe(200);
    expect((await send({ url: `${world.other.url}/anywhere` })).status).toBe(200);
    expect(world.other.requests[0]?.headers.authorization).toMatch(/^Bearer /);
  });

  it('drops the token on a 302 to another origin', async () => {
    const send = adapter.client(world.newTokens(), { baseUrl: world.api.url });
    const to = encodeURIComponent(`${world.other.url}/landed`);
    const reply = await send({ url: `${world.api.url}/redirect?to=${to}` });
    expect(reply.status).toBe(200);
    expect(world.api.requests[0]?.authorization).toMatch(/^Bearer /);
    expect(world.other.requests.map((request) => request.url)).toEqual(['/landed']);
    expect(world.other.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('drops the token on a 302 to another origin even when every request gets it', async () => {
    const send = adapter.client(world.newTokens(), {});
    const to = encodeURIComponent(`${world.other.url}/landed`);
    expect((await send({ url: `${world.api.url}/redirect?to=${to}` })).status).toBe(200);
    expect(world.api.requests[0]?.authorization).toMatch(/^Bearer /);
    expect(world.other.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('keeps the token on a 302 within the same origin', async () => {
    const send = adapter.client(world.newTokens(), { baseUrl: world.api.url });
    const reply = await send({ url: `${world.api.url}/redirect?to=%2Fapi%2Fdata` });
    expect(reply.status).toBe(200);
    expect(world.api.requests[1]?.authorization).toMatch(/^Bearer /);
  });
}

/** Which origin a request's own base URL stands for; only for adapters that have one. */
export function registerPerRequestBaseUrlTests({
  adapter,
  world,
  data,
  warmClient,
}: SuiteContext): void {
  it("sends no token to a request's own base URL on another origin: the default origin is the client's", async () => {
    const send = await warmClient();
    expect((await send({ url: 'landed', baseUrl: world.other.url })).status).toBe(200);
    expect(world.other.requests.map((request) => request.url)).toEqual(['/landed']);
    expect(world.other.requests[0]?.headers.authorization).toBeUndefined();
    expect(world.idp.stats().tokenRequests).toBe(0);
  });

  if (!adapter.pinsFirstBaseUrl) {
    it("sends no token to a request's own base URL on another origin, also as the client's first request", async () => {
      const send = adapter.client(world.newTokens(), { baseUrl: world.api.url });
      expect((await send({ url: 'landed', baseUrl: world.other.url })).status).toBe(200);
      expect(world.other.requests[0]?.headers.authorization).toBeUndefined();
      expect((await send({ url: data() })).status).toBe(200);
      expect(world.api.requests[0]?.authorization).toMatch(/^Bearer /);
    });
  }

  it("sends the token to a request's own base URL when its origin is one of the origins", async () => {
    const send = await warmClient({ origins: [world.api.url, world.other.url] });
    expect((await send({ url: 'landed', baseUrl: world.other.url })).status).toBe(200);
    expect(world.other.requests[0]?.headers.authorization).toMatch(/^Bearer /);
  });
}
