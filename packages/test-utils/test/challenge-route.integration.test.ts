import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ResourceServer, startResourceServer } from '../src/index.ts';

let api: ResourceServer;
beforeAll(async () => {
  api = await startResourceServer({ verify: (token) => token === 'good' });
});
afterAll(() => api.close());

describe('startResourceServer /api/challenge', () => {
  it('answers 401 with the WWW-Authenticate it is asked for, even to a valid token', async () => {
    api.resetStats();
    const challenge = 'Bearer error="insufficient_scope", scope="orders:write"';
    const res = await fetch(`${api.url}/api/challenge?challenge=${encodeURIComponent(challenge)}`, {
      headers: { authorization: 'Bearer good' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(challenge);
    expect(api.stats()).toMatchObject({ requests: 1, unauthorized: 1 });
  });

  it('answers 401 without WWW-Authenticate when no challenge is asked for', async () => {
    const res = await fetch(`${api.url}/api/challenge`, {
      headers: { authorization: 'Bearer good' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.has('www-authenticate')).toBe(false);
  });
});
