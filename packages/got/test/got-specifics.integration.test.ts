import { createServer } from 'node:http';
import { bearerHooks } from '@tokenkeeper/got';
import { listen } from '@tokenkeeper/test-utils';
import { useWorld } from '@tokenkeeper/test-utils/adapter-suite';
import got from 'got';
import { describe, expect, it } from 'vitest';

const world = useWorld();

describe('bearerHooks for got', () => {
  it('follows an instance extended with its own prefixUrl: that is configuration, not a request', async () => {
    const api = got.extend({ prefixUrl: world.api.url, hooks: bearerHooks(world.newTokens()) });
    const elsewhere = api.extend({ prefixUrl: world.other.url });
    expect((await elsewhere.get('x')).statusCode).toBe(200);
    expect(world.other.requests[0]?.headers.authorization).toMatch(/^Bearer /);
    expect((await api.get('api/data')).statusCode).toBe(200);
  });

  it("keeps a request's own prefixUrl on another origin without a token through got's retries", async () => {
    // Another origin that fails the first attempt, so that got retries with new options.
    const authorizations: Array<string | undefined> = [];
    const flaky = createServer((req, res) => {
      authorizations.push(req.headers.authorization);
      res.writeHead(authorizations.length === 1 ? 503 : 200).end('ok');
    });
    const listening = await listen(flaky, 0);
    try {
      const api = got.extend({ prefixUrl: world.api.url, hooks: bearerHooks(world.newTokens()) });
      const response = await api.get('x', {
        prefixUrl: listening.origin,
        retry: { limit: 1, calculateDelay: ({ computedValue }) => (computedValue ? 1 : 0) },
      });
      expect(response.statusCode).toBe(200);
      expect(authorizations).toEqual([undefined, undefined]);
      expect(world.idp.stats().tokenRequests).toBe(0);
    } finally {
      await listening.close();
    }
  });

  it('puts the current token on a retry that got makes after a 5xx', async () => {
    let attempts = 0;
    const authorizations: Array<string | undefined> = [];
    const flaky = createServer((req, res) => {
      attempts += 1;
      authorizations.push(req.headers.authorization);
      res.writeHead(attempts === 1 ? 503 : 200).end('ok');
    });
    const listening = await listen(flaky, 0);
    try {
      const api = got.extend({
        prefixUrl: listening.origin,
        hooks: bearerHooks(world.newTokens()),
      });
      const response = await api.get('x', {
        retry: { limit: 1, calculateDelay: ({ computedValue }) => (computedValue ? 1 : 0) },
      });
      expect(response.statusCode).toBe(200);
      expect(authorizations).toHaveLength(2);
      expect(authorizations[1]).toMatch(/^Bearer /);
      expect(authorizations[1]).toBe(authorizations[0]);
    } finally {
      await listening.close();
    }
  });

  it('rejects a context.bearer that is neither false nor token set parameters', async () => {
    const api = got.extend({ prefixUrl: world.api.url, hooks: bearerHooks(world.newTokens()) });
    await expect(api.get('api/data', { context: { bearer: 'no' } })).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTIONS',
    });
    expect(world.api.stats().requests).toBe(0);
  });
});
