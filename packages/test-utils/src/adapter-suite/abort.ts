import { expect, it } from 'vitest';
import type { SuiteContext } from './suite-context.ts';

/** An aborted request while the token endpoint is slow. */
export function registerAbortTests({ adapter, world, data }: SuiteContext): void {
  it('rejects an aborted request at once while the token endpoint is slow, and the others still succeed', async () => {
    const send = adapter.client(world.newTokens(), { baseUrl: world.api.url });
    world.idp.setLatencyMs(1500);
    const controller = new AbortController();
    const aborted = send({ url: data(), signal: controller.signal }).then(
      () => 'resolved',
      () => performance.now(),
    );
    const others = Promise.all([send({ url: data() }), send({ url: data() })]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const abortedAt = performance.now();
    controller.abort();
    const rejectedAt = await aborted;
    expect(rejectedAt).not.toBe('resolved');
    expect((rejectedAt as number) - abortedAt).toBeLessThan(500);
    expect((await others).map((reply) => reply.status)).toEqual([200, 200]);
    expect(world.idp.stats().tokenRequests).toBe(1);
    expect(world.api.requests).toHaveLength(2);
  });
}
