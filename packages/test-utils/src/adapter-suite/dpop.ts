import { expect, it } from 'vitest';
import { startDpopResourceServer } from '../dpop-resource-server.ts';
import type { SuiteContext } from './suite-context.ts';

/** DPoP-bound tokens: a fresh proof per request, and the server nonce. */
export function registerDpopTests({ adapter, world }: SuiteContext): void {
  it('sends a DPoP-bound token with a fresh proof each time, and answers use_dpop_nonce with one resend and no refresh', async () => {
    const dpopApi = await startDpopResourceServer((token) => world.idp.verifyAccessToken(token), {
      requireNonce: true,
    });
    try {
      const send = adapter.client(world.newTokens({ dpop: true }), { baseUrl: dpopApi.url });
      expect((await send({ url: `${dpopApi.url}/a` })).status).toBe(200);
      expect(dpopApi.stats()).toEqual({ sends: 2, ok: 1, refused: 1 }); // the first proof had no nonce
      expect((await send({ url: `${dpopApi.url}/b?page=2` })).status).toBe(200);
      expect(dpopApi.stats().sends).toBe(3); // the nonce is kept for the origin
      dpopApi.rotateNonce();
      expect((await send({ url: `${dpopApi.url}/c`, method: 'POST', body: 'json' })).status).toBe(
        200,
      );
      expect(dpopApi.stats()).toEqual({ sends: 5, ok: 3, refused: 2 });
      expect(world.idp.stats().tokenRequests).toBe(1);
    } finally {
      await dpopApi.close();
    }
  });
}
