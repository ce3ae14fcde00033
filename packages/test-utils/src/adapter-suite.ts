import { createHash } from 'node:crypto';
import {
  createTokenManager,
  type TokenManager,
  type TokenManagerOptions,
  type TokenParams,
  type TokenSource,
} from '@tokenkeeper/core';
import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type OidcServer,
  type RecorderServer,
  type ResourceServer,
  startDpopResourceServer,
  startOidcServer,
  startRecorderServer,
  startResourceServer,
} from './index.ts';

/**
 * The acceptance suite every adapter runs: the real client, a real oidc-provider,
 * a real protected API and a real "other origin" server, all on loopback. Each
 * adapter only says how its client sends one request.
 */

/** The body kinds a client must replay after a 401. */
export type BodyKind =
  | 'json'
  | 'text'
  | 'urlencoded'
  | 'formdata'
  | 'blob'
  | 'arraybuffer'
  | 'stream';

/** One request, in client-neutral terms. */
export interface SendRequest {
  url: string;
  method?: 'GET' | 'POST';
  body?: BodyKind;
  /** An explicit `Authorization` header set by the caller. */
  authorization?: string;
  /** Use the adapter's per-request opt-out. */
  optOut?: boolean;
  /** The adapter's per-request token set (`bearer: { scope }`, `context: { bearer: … }`). */
  bearer?: TokenParams;
  /**
   * This request's own base URL (axios `baseURL`, ky `baseUrl`, got `prefixUrl`), with a
   * relative `url`; only for adapters with {@link AdapterUnderTest.perRequestBaseUrl}.
   */
  baseUrl?: string;
  signal?: AbortSignal;
}

/** What came back; HTTP errors are turned into a reply, anything else rejects. */
export interface Reply {
  status: number;
  body: string;
  contentType: string | undefined;
}

export type Send = (request: SendRequest) => Promise<Reply>;

/** How a client is set up: its base URL, and the adapter's own options. */
export interface ClientSetup {
  baseUrl?: string;
  origins?: string[];
  /** The adapter's own token set (`scope`, `audience`, `resource` beside `origins`). */
  params?: TokenParams;
}

export interface AdapterUnderTest {
  name: string;
  /** A client of the real HTTP library with the adapter attached. */
  client(tokens: TokenSource, setup: ClientSetup): Send;
  /** True when the client itself keeps a copy of a stream body (ky does), so it is replayed too. */
  replaysStreams?: boolean;
  /** True when a request can bring its own base URL ({@link SendRequest.baseUrl}); fetch has none. */
  perRequestBaseUrl?: boolean;
  /**
   * True when the adapter cannot tell a request's own base URL from its client's and takes
   * the base URL of the client's first request instead (ky: hooks see merged options).
   */
  pinsFirstBaseUrl?: boolean;
}

/** Scopes the suite's IdP grants besides `api`, for the per-request token set tests. */
export const SUITE_SCOPES = ['orders:read', 'orders:write'] as const;

/** The payloads behind each {@link BodyKind}, built fresh for every request. */
export const payloads = {
  json: { hello: 'wörld', list: [1, 2, 3] },
  text: 'plain text body, with ünïcode ✓',
  urlencoded: () => new URLSearchParams({ a: '1', b: 'two words & more' }),
  formdata: () => {
    const form = new FormData();
    form.append('a', '1');
    form.append('file', new Blob(['file bytes ✓'], { type: 'text/plain' }), 'f.txt');
    return form;
  },
  bytes: () => Uint8Array.from({ length: 4096 }, (_, i) => (i * 7) % 256),
  blob: () => new Blob([payloads.bytes()], { type: 'application/octet-stream' }),
  arraybuffer: () => payloads.bytes().buffer,
  stream: () =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(payloads.bytes().subarray(0, 2048));
        controller.enqueue(payloads.bytes().subarray(2048));
        controller.close();
      },
    }),
};

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** The `scope` claim of the JWT in a `Bearer` header. */
const scopeOf = (authorization: string | undefined) =>
  authorization ? decodeJwt(authorization.replace(/^Bearer /i, '')).scope : undefined;

const expectedBytes: Partial<Record<BodyKind, string | Uint8Array>> = {
  json: JSON.stringify(payloads.json),
  text: payloads.text,
  urlencoded: payloads.urlencoded().toString(),
  blob: payloads.bytes(),
  arraybuffer: payloads.bytes(),
  stream: payloads.bytes(),
};

/** The loopback servers of one suite, and a factory of managers that the suite disposes of. */
export interface World {
  idp: OidcServer;
  api: ResourceServer;
  other: RecorderServer;
  /** A manager of the IdP's `client_secret_post` client; `extra` options (`dpop`, …) on top. */
  newTokens(extra?: Partial<TokenManagerOptions>): TokenManager;
  /** Zeroes every counter and request record. */
  resetCounts(): void;
  /** Disposes of the managers made so far. */
  disposeTokens(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the IdP, the protected API and the "other origin" recorder on loopback. */
export async function startWorld(): Promise<World> {
  const idp = await startOidcServer({ accessTokenTtl: 600, scopes: [...SUITE_SCOPES] });
  const api = await startResourceServer({ verify: (token) => idp.verifyAccessToken(token) });
  const other = await startRecorderServer();
  let managers: TokenManager[] = [];
  return {
    idp,
    api,
    other,
    newTokens(extra = {}) {
      const tokens = createTokenManager({
        tokenEndpoint: idp.tokenEndpoint,
        clientId: idp.client.clientId,
        clientSecret: idp.client.clientSecret,
        retry: { retries: 1, minTimeoutMs: 10 },
        ...extra,
      });
      managers.push(tokens);
      return tokens;
    },
    resetCounts() {
      idp.resetStats();
      api.resetStats();
      api.requests.length = 0;
      other.requests.length = 0;
    },
    async disposeTokens() {
      await Promise.allSettled(managers.map((tokens) => tokens.dispose()));
      managers = [];
    },
    async close() {
      await Promise.all([idp.close(), api.close(), other.close()]);
    },
  };
}

export function runAdapterSuite(adapter: AdapterUnderTest): void {
  let world: World;
  let idp: OidcServer;
  let api: ResourceServer;
  let other: RecorderServer;
  const newTokens = () => world.newTokens();
  const resetCounts = () => world.resetCounts();
  const data = () => `${api.url}/api/data`;
  /** A client on the API's base URL, warmed up with one successful request. */
  const warmClient = async (setup: ClientSetup = {}) => {
    const send = adapter.client(newTokens(), { baseUrl: api.url, ...setup });
    expect((await send({ url: data() })).status).toBe(200);
    resetCounts();
    return send;
  };

  describe(`${adapter.name} adapter against real loopback servers`, () => {
    beforeAll(async () => {
      world = await startWorld();
      ({ idp, api, other } = world);
    });
    afterAll(() => world?.close());
    beforeEach(() => {
      api.setMode('normal');
      idp.setLatencyMs(0);
      resetCounts();
    });
    afterEach(() => world.disposeTokens());

    it('sends the token to the base URL origin and gets the data', async () => {
      const send = adapter.client(newTokens(), { baseUrl: api.url });
      const reply = await send({ url: data() });
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body)).toEqual({ ok: true, data: [1, 2, 3] });
      expect(api.requests[0]?.authorization).toMatch(/^Bearer \S+$/);
      expect(idp.stats().tokenRequests).toBe(1);
    });

    it('refreshes once for 2,000 concurrent requests whose token was revoked, and every request succeeds', async () => {
      const send = await warmClient();
      idp.revokeAll();
      const replies = await Promise.all(Array.from({ length: 2000 }, () => send({ url: data() })));
      expect(replies.filter((reply) => reply.status !== 200)).toEqual([]);
      expect(idp.stats().tokenRequests).toBe(1);
      expect(api.stats().requests).toBeLessThanOrEqual(4000);
      console.info(
        `[${adapter.name}] 2,000 after revocation: ${api.stats().requests} sends, ${idp.stats().tokenRequests} token request(s)`,
      );
    });

    it('sends each request at most twice and returns the 401 when the API refuses every token', async () => {
      const send = await warmClient();
      api.setMode('always401');
      const count = 200;
      const replies = await Promise.all(
        Array.from({ length: count }, (_, i) => send({ url: `${data()}?i=${i}` })),
      );
      expect(replies.every((reply) => reply.status === 401)).toBe(true);
      const sends = new Map<string, number>();
      for (const request of api.requests) sends.set(request.url, (sends.get(request.url) ?? 0) + 1);
      expect(sends.size).toBe(count);
      expect(Math.max(...sends.values())).toBe(2);
      expect(idp.stats().tokenRequests).toBeLessThanOrEqual(2);
      console.info(
        `[${adapter.name}] always 401, ${count} requests: ${api.stats().requests} sends, ${idp.stats().tokenRequests} token request(s)`,
      );
    });

    it('does not retry a 403', async () => {
      const send = await warmClient();
      const reply = await send({ url: `${api.url}/api/forbidden` });
      expect(reply.status).toBe(403);
      expect(api.stats().requests).toBe(1);
      expect(idp.stats().tokenRequests).toBe(0);
    });

    it('leaves an explicit Authorization header alone and does not retry its 401', async () => {
      const send = adapter.client(newTokens(), { baseUrl: api.url });
      const reply = await send({ url: data(), authorization: 'Bearer callers-own' });
      expect(reply.status).toBe(401);
      expect(api.requests.map((request) => request.authorization)).toEqual(['Bearer callers-own']);
      expect(idp.stats().tokenRequests).toBe(0);
    });

    it('sends no token when the request opts out', async () => {
      const send = adapter.client(newTokens(), { baseUrl: api.url });
      const reply = await send({ url: data(), optOut: true });
      expect(reply.status).toBe(401);
      expect(api.requests.map((request) => request.authorization)).toEqual([undefined]);
      expect(idp.stats().tokenRequests).toBe(0);
    });

    it('sends no token to an origin other than the base URL origin', async () => {
      const send = adapter.client(newTokens(), { baseUrl: api.url });
      expect((await send({ url: `${other.url}/elsewhere` })).status).toBe(200);
      expect(other.requests.map((request) => request.headers.authorization)).toEqual([undefined]);
      expect(idp.stats().tokenRequests).toBe(0);
    });

    it('sends the token only to the configured origins, compared as exact origins', async () => {
      const send = adapter.client(newTokens(), { origins: [api.url] });
      expect((await send({ url: data() })).status).toBe(200);
      expect((await send({ url: `${other.url}/elsewhere` })).status).toBe(200);
      expect(other.requests[0]?.headers.authorization).toBeUndefined();
      const lookalike = `http://localhost:${api.port}/api/data`;
      expect((await send({ url: lookalike })).status).toBe(401);
      expect(api.requests.at(-1)?.authorization).toBeUndefined();
    });

    it('sends the token on every request when there is neither a base URL nor origins', async () => {
      const send = adapter.client(newTokens(), {});
      expect((await send({ url: data() })).status).toBe(200);
      expect((await send({ url: `${other.url}/anywhere` })).status).toBe(200);
      expect(other.requests[0]?.headers.authorization).toMatch(/^Bearer /);
    });

    it('drops the token on a 302 to another origin', async () => {
      const send = adapter.client(newTokens(), { baseUrl: api.url });
      const to = encodeURIComponent(`${other.url}/landed`);
      const reply = await send({ url: `${api.url}/redirect?to=${to}` });
      expect(reply.status).toBe(200);
      expect(api.requests[0]?.authorization).toMatch(/^Bearer /);
      expect(other.requests.map((request) => request.url)).toEqual(['/landed']);
      expect(other.requests[0]?.headers.authorization).toBeUndefined();
    });

    it('drops the token on a 302 to another origin even when every request gets it', async () => {
      const send = adapter.client(newTokens(), {});
      const to = encodeURIComponent(`${other.url}/landed`);
      expect((await send({ url: `${api.url}/redirect?to=${to}` })).status).toBe(200);
      expect(api.requests[0]?.authorization).toMatch(/^Bearer /);
      expect(other.requests[0]?.headers.authorization).toBeUndefined();
    });

    it('keeps the token on a 302 within the same origin', async () => {
      const send = adapter.client(newTokens(), { baseUrl: api.url });
      const reply = await send({ url: `${api.url}/redirect?to=%2Fapi%2Fdata` });
      expect(reply.status).toBe(200);
      expect(api.requests[1]?.authorization).toMatch(/^Bearer /);
    });

    for (const kind of ['json', 'text', 'urlencoded', 'blob', 'arraybuffer'] as const) {
      it(`replays a ${kind} body byte for byte after a 401`, async () => {
        const send = await warmClient();
        idp.revokeAll();
        const reply = await send({ url: `${api.url}/api/echo`, method: 'POST', body: kind });
        expect(reply.status).toBe(200);
        const [first, second] = api.requests;
        expect(api.requests).toHaveLength(2);
        expect(first?.bodySha256).toBe(sha256(expectedBytes[kind] ?? ''));
        expect(second?.bodySha256).toBe(first?.bodySha256);
        expect(second?.contentType).toBe(first?.contentType);
      });
    }

    it('replays a FormData body with the same fields and file after a 401', async () => {
      const send = await warmClient();
      idp.revokeAll();
      const reply = await send({ url: `${api.url}/api/echo`, method: 'POST', body: 'formdata' });
      expect(reply.status).toBe(200);
      expect(api.requests).toHaveLength(2);
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
        const send = await warmClient();
        idp.revokeAll();
        const reply = await send({ url: `${api.url}/api/echo`, method: 'POST', body: 'stream' });
        expect(reply.status).toBe(200);
        expect(api.requests.map((request) => request.bodySha256)).toEqual([
          sha256(payloads.bytes()),
          sha256(payloads.bytes()),
        ]);
      });
    } else {
      it('returns the original 401 for a one-shot stream body instead of resending it', async () => {
        const send = await warmClient();
        idp.revokeAll();
        const reply = await send({ url: `${api.url}/api/echo`, method: 'POST', body: 'stream' });
        expect(reply.status).toBe(401);
        expect(api.requests).toHaveLength(1);
        expect(api.requests[0]?.bodySha256).toBe(sha256(payloads.bytes()));
      });
    }

    // RFC 6750 §3: the 401's challenge decides whether a new token can help.
    const challenged = (value?: string) =>
      `${api.url}/api/challenge${value === undefined ? '' : `?challenge=${encodeURIComponent(value)}`}`;

    it('returns a 401 with error="insufficient_scope" as it is: one send, no token request', async () => {
      const send = await warmClient();
      const reply = await send({
        url: challenged('Bearer error="insufficient_scope", scope="orders:write"'),
      });
      expect(reply.status).toBe(401);
      expect(api.requests).toHaveLength(1);
      expect(idp.stats().tokenRequests).toBe(0);
    });

    for (const [what, value] of [
      ['error="invalid_token"', 'Bearer error="invalid_token", error_description="expired"'],
      ['no challenge', undefined],
    ] as const) {
      it(`refreshes once and resends once after a 401 with ${what}`, async () => {
        const send = await warmClient();
        const reply = await send({ url: challenged(value) });
        expect(reply.status).toBe(401);
        expect(api.requests).toHaveLength(2);
        expect(idp.stats().tokenRequests).toBe(1);
        const [first, second] = api.requests.map((request) => request.authorization);
        expect(second).toMatch(/^Bearer \S+$/);
        expect(second).not.toBe(first);
      });
    }

    it('sends each request the token of the set it names, one token request per set, also concurrently', async () => {
      const send = adapter.client(newTokens(), { baseUrl: api.url });
      const scopes = Array.from({ length: 20 }, (_, i) => SUITE_SCOPES[i % 2] ?? '');
      const replies = await Promise.all(
        scopes.map((scope, i) =>
          send({ url: `${data()}?i=${i}&scope=${encodeURIComponent(scope)}`, bearer: { scope } }),
        ),
      );
      expect(replies.filter((reply) => reply.status !== 200)).toEqual([]);
      expect(api.requests).toHaveLength(scopes.length);
      for (const request of api.requests) {
        const asked = new URL(request.url, api.url).searchParams.get('scope');
        expect(scopeOf(request.authorization)).toBe(asked);
      }
      expect(idp.stats().tokenRequests).toBe(2);
    });

    it("sends the adapter's own token set, and a request's own set instead when it names one", async () => {
      const send = adapter.client(newTokens(), {
        baseUrl: api.url,
        params: { scope: 'orders:read' },
      });
      expect((await send({ url: data() })).status).toBe(200);
      expect((await send({ url: data(), bearer: { scope: 'orders:write' } })).status).toBe(200);
      expect((await send({ url: data() })).status).toBe(200);
      expect(api.requests.map((request) => scopeOf(request.authorization))).toEqual([
        'orders:read',
        'orders:write',
        'orders:read',
      ]);
      expect(idp.stats().tokenRequests).toBe(2);
    });

    it('after a 401, refreshes the token set that was sent and resends with its new token', async () => {
      const send = adapter.client(newTokens(), { baseUrl: api.url });
      const write = { scope: 'orders:write' };
      expect((await send({ url: data(), bearer: write })).status).toBe(200);
      expect((await send({ url: data() })).status).toBe(200);
      idp.revokeAll();
      resetCounts();
      expect((await send({ url: data(), bearer: write })).status).toBe(200);
      const [first, second] = api.requests.map((request) => request.authorization);
      expect([scopeOf(first), scopeOf(second)]).toEqual(['orders:write', 'orders:write']);
      expect(second).not.toBe(first);
      expect(idp.stats().tokenRequests).toBe(1);
    });

    if (adapter.perRequestBaseUrl) {
      it("sends no token to a request's own base URL on another origin: the default origin is the client's", async () => {
        const send = await warmClient();
        expect((await send({ url: 'landed', baseUrl: other.url })).status).toBe(200);
        expect(other.requests.map((request) => request.url)).toEqual(['/landed']);
        expect(other.requests[0]?.headers.authorization).toBeUndefined();
        expect(idp.stats().tokenRequests).toBe(0);
      });

      if (!adapter.pinsFirstBaseUrl) {
        it("sends no token to a request's own base URL on another origin, also as the client's first request", async () => {
          const send = adapter.client(newTokens(), { baseUrl: api.url });
          expect((await send({ url: 'landed', baseUrl: other.url })).status).toBe(200);
          expect(other.requests[0]?.headers.authorization).toBeUndefined();
          expect((await send({ url: data() })).status).toBe(200);
          expect(api.requests[0]?.authorization).toMatch(/^Bearer /);
        });
      }

      it("sends the token to a request's own base URL when its origin is one of the origins", async () => {
        const send = await warmClient({ origins: [api.url, other.url] });
        expect((await send({ url: 'landed', baseUrl: other.url })).status).toBe(200);
        expect(other.requests[0]?.headers.authorization).toMatch(/^Bearer /);
      });
    }

    it('sends a DPoP-bound token with a fresh proof each time, and answers use_dpop_nonce with one resend and no refresh', async () => {
      const dpopApi = await startDpopResourceServer((token) => idp.verifyAccessToken(token), {
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
        expect(idp.stats().tokenRequests).toBe(1);
      } finally {
        await dpopApi.close();
      }
    });

    it('rejects an aborted request at once while the token endpoint is slow, and the others still succeed', async () => {
      const send = adapter.client(newTokens(), { baseUrl: api.url });
      idp.setLatencyMs(1500);
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
      expect(idp.stats().tokenRequests).toBe(1);
      expect(api.requests).toHaveLength(2);
    });
  });
}
