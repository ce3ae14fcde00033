import { expect, it } from 'vitest';
import type { SuiteContext } from './suite-context.ts';

/** What a 401's `WWW-Authenticate` challenge makes the adapter do (RFC 6750 §3). */
export function registerChallengeTests({ world, warmClient }: SuiteContext): void {
  // RFC 6750 §3: the 401's challenge decides whether a new token can help.
  const challenged = (value?: string) =>
    `${world.api.url}/api/challenge${value === undefined ? '' : `?challenge=${encodeURIComponent(value)}`}`;

  it('returns a 401 with error="insufficient_scope" as it is: one send, no token request', async () => {
    const send = await warmClient();
    const reply = await send({
      url: challenged('Bearer error="insufficient_scope", scope="orders:write"'),
    });
    expect(reply.status).toBe(401);
    expect(world.api.requests).toHaveLength(1);
    expect(world.idp.stats().tokenRequests).toBe(0);
  });

  for (const [what, value] of [
    ['error="invalid_token"', 'Bearer error="invalid_token", error_description="expired"'],
    ['no challenge', undefined],
  ] as const) {
    it(`refreshes once and resends once after a 401 with ${what}`, async () => {
      const send = await warmClient();
      const reply = await send({ url: challenged(value) });
      expect(reply.status).toBe(401);
      expect(world.api.requests).toHaveLength(2);
      expect(world.idp.stats().tokenRequests).toBe(1);
      const [first, second] = world.api.requests.map((request) => request.authorization);
      expect(second).toMatch(/^Bearer \S+$/);
      expect(second).not.toBe(first);
    });
  }
}
