import { expect, it } from 'vitest';
import type { BodyKind } from './adapter.ts';
import { expectedBytes, payloads, sha256 } from './payloads.ts';
import type { SuiteContext } from './suite-context.ts';

/** Every body kind is sent again, byte for byte, after a 401, or the 401 is returned. */
export function registerBodyReplayTests({ adapter, world, warmClient }: SuiteContext): void {
  /** POSTs a `body` to the echo route with a warm client whose token was just revoked. */
  const postAfterRevoke = async (body: BodyKind) => {
    const send = await warmClient();
    world.idp.revokeAll();
    return send({ url: `${world.api.url}/api/echo`, method: 'POST', body });
  };

  for (const kind of ['json', 'text', 'urlencoded', 'blob', 'arraybuffer'] as const) {
    it(`replays a ${kind} body byte for byte after a 401`, async () => {
      const reply = await postAfterRevoke(kind);
      expect(reply.status).toBe(200);
      const [first, second] = world.api.requests;
      expect(world.api.requests).toHaveLength(2);
      expect(first?.bodySha256).toBe(sha256(expectedBytes[kind] ?? ''));
      expect(second?.bodySha256).toBe(first?.bodySha256);
      expect(second?.contentType).toBe(first?.contentType);
    });
  }

  it('replays a FormData body with the same fields and file after a 401', async () => {
    const reply = await postAfterRevoke('formdata');
    expect(reply.status).toBe(200);
    expect(world.api.requests).toHaveLength(2);
    const echoed = await new Response(reply.body, {
      headers: { 'content-type': reply.contentType ?? '' },
    }).formData();
    expect(echoed.get('a')).toBe('1');
    const file = echoed.get('file');
    expect(file).toBeInstanceOf(Blob);
    expect(await (file as Blob).text()).toBe('file bytes ✓');
  });

  if (adapter.replaysStreams) {
    it('replays a stream body, which the client itself keeps a copy of', async () => {
      const reply = await postAfterRevoke('stream');
      expect(reply.status).toBe(200);
      expect(world.api.requests.map((request) => request.bodySha256)).toEqual([
        sha256(payloads.bytes()),
        sha256(payloads.bytes()),
      ]);
    });
  } else {
    it('returns the original 401 for a one-shot stream body instead of resending it', async () => {
      const reply = await postAfterRevoke('stream');
      expect(reply.status).toBe(401);
      expect(world.api.requests).toHaveLength(1);
      expect(world.api.requests[0]?.bodySha256).toBe(sha256(payloads.bytes()));
    });
  }
}
