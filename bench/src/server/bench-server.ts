import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createJwtIssuer, parseBasicAuth, readBody, sendJson } from '@tokenkeeper/test-utils';

/**
 * What the benchmark server counts for one client id. Token endpoint calls are keyed by the
 * authenticated `client_id`, API calls by the `c` query parameter every contestant sends, so
 * runs never need a global reset and never see each other's traffic.
 */
export interface ClientStats {
  /** Every call that reached the token endpoint, outage answers included. */
  tokenRequests: number;
  /** Token endpoint calls answered with the outage status. */
  tokenOutageAnswers: number;
  /** Tokens issued. */
  tokensIssued: number;
  /** `exp` (epoch seconds) of the newest token issued. */
  lastExp: number;
  /** API requests (sends), any status. */
  apiRequests: number;
  /** API requests answered 401. */
  api401: number;
  /** The most sends seen for one request id (`r` query parameter). */
  maxSendsPerRequest: number;
}

/** Options of {@link startBenchServer}. */
export interface BenchServerOptions {
  /** Latency of every token endpoint answer, ms. @default 50 */
  tokenLatencyMs?: number;
  /** Access-token lifetime of clients not registered with another one, s. @default 3600 */
  defaultTtlSeconds?: number;
}

/** What `server.ts` prints and the runner hands every child. */
export interface BenchServerInfo {
  /** Token server origin; also serves `/__admin/*`. */
  tokenOrigin: string;
  tokenEndpoint: string;
  /** Protected API origin: `GET /api/data?c=<clientId>[&r=<requestId>]`. */
  apiOrigin: string;
  clientSecret: string;
  tokenLatencyMs: number;
  pid: number;
}

interface ClientState extends ClientStats {
  ttlSeconds: number;
  jtis: Set<string>;
  outage?: { status: number; from: number; until: number };
  sends: Map<string, number>;
}

const CLIENT_SECRET = 'bench-secret';
const CLIENT_PREFIX = 'bench-';
const TOKEN_PATH = '/oauth/token';

/**
 * Starts the benchmark's identity provider and protected API on 127.0.0.1, two origins in
 * one process (run it in a process of its own so its CPU is not the client's):
 * - `POST /oauth/token`: RFC 6749 client_credentials, form-encoded, `client_secret_post` or
 *   `client_secret_basic`, any client id starting with `bench-` and the secret `bench-secret`;
 *   answers after `tokenLatencyMs` with an HS256 JWT (`exp`, `iat`, `jti`, `client_id`).
 * - `GET /api/data`: verifies the bearer JWT (signature checked once per token, then cached;
 *   `exp` and revocation checked on every request, no clock tolerance), answers 200 JSON or 401.
 * - `/__admin/*`: `GET stats?c=`, `POST client {clientId, ttlSeconds}`, `POST revoke {clientId}`,
 *   `POST outage {clientId, status, from, until}` (epoch ms), `POST latency {ms}`.
 */
export async function startBenchServer(
  options: BenchServerOptions = {},
): Promise<{ info: BenchServerInfo; close(): Promise<void> }> {
  let latencyMs = options.tokenLatencyMs ?? 50;
  const defaultTtl = options.defaultTtlSeconds ?? 3600;
  const clients = new Map<string, ClientState>();
  const revoked = new Set<string>();
  const verified = new Map<string, { jti: string; expMs: number }>();

  const stateOf = (clientId: string): ClientState => {
    let state = clients.get(clientId);
    if (!state) {
      state = {
        tokenRequests: 0,
        tokenOutageAnswers: 0,
        tokensIssued: 0,
        lastExp: 0,
        apiRequests: 0,
        api401: 0,
        maxSendsPerRequest: 0,
        ttlSeconds: defaultTtl,
        jtis: new Set(),
        sends: new Map(),
      };
      clients.set(clientId, state);
    }
    return state;
  };

  const tokenServer = createServer();
  const apiServer = createServer();
  const tokenOrigin = await listen(tokenServer);
  const apiOrigin = await listen(apiServer);
  const issuer = createJwtIssuer(tokenOrigin);

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = (await readBody(req)).toString('utf8');
    const form = new URLSearchParams(raw);
    const basic = parseBasicAuth(req.headers.authorization);
    const clientId = basic?.clientId ?? form.get('client_id') ?? '';
    const secret = basic?.clientSecret ?? form.get('client_secret');
    if (!clientId.startsWith(CLIENT_PREFIX) || secret !== CLIENT_SECRET) {
      sendJson(res, 401, { error: 'invalid_client' });
      return;
    }
    const state = stateOf(clientId);
    state.tokenRequests += 1;
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const now = Date.now();
    if (state.outage && now >= state.outage.from && now < state.outage.until) {
      state.tokenOutageAnswers += 1;
      sendJson(res, state.outage.status, { error: 'temporarily_unavailable' });
      return;
    }
    if (form.get('grant_type') !== 'client_credentials') {
      sendJson(res, 400, { error: 'unsupported_grant_type' });
      return;
    }
    const issued = await issuer.issue({ client_id: clientId, sub: clientId }, state.ttlSeconds);
    state.tokensIssued += 1;
    state.lastExp = issued.exp;
    state.jtis.add(issued.jti);
    sendJson(res, 200, {
      access_token: issued.token,
      token_type: 'Bearer',
      expires_in: state.ttlSeconds,
    });
  }

  async function verify(bearer: string): Promise<boolean> {
    let known = verified.get(bearer);
    if (!known) {
      const payload = await issuer.verify(bearer);
      if (!payload || typeof payload.jti !== 'string' || typeof payload.exp !== 'number')
        return false;
      known = { jti: payload.jti, expMs: payload.exp * 1000 };
      verified.set(bearer, known);
    }
    return Date.now() < known.expMs && !revoked.has(known.jti);
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    await readBody(req);
    const state = stateOf(url.searchParams.get('c') ?? 'unknown');
    state.apiRequests += 1;
    const requestId = url.searchParams.get('r');
    if (requestId !== null) {
      const sends = (state.sends.get(requestId) ?? 0) + 1;
      state.sends.set(requestId, sends);
      if (sends > state.maxSendsPerRequest) state.maxSendsPerRequest = sends;
    }
    const bearer = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !(await verify(bearer))) {
      state.api401 += 1;
      res.writeHead(401, {
        'www-authenticate': 'Bearer error="invalid_token"',
        'content-type': 'application/json',
        'content-length': '25',
      });
      res.end('{"error":"invalid_token"}');
      return;
    }
    if (url.pathname === '/api/data') {
      sendJson(res, 200, { ok: true, data: [1, 2, 3] });
      return;
    }
    sendJson(res, 404, { error: 'not_found' });
  }

  async function admin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const raw = (await readBody(req)).toString('utf8');
    const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
    const route = `${req.method} ${url.pathname}`;
    const clientId = String(body.clientId ?? url.searchParams.get('c') ?? '');
    switch (route) {
      case 'GET /__admin/stats': {
        const { ttlSeconds: _t, jtis: _j, outage: _o, sends: _s, ...stats } = stateOf(clientId);
        sendJson(res, 200, stats);
        return;
      }
      case 'POST /__admin/client':
        stateOf(clientId).ttlSeconds = Number(body.ttlSeconds) || defaultTtl;
        break;
      case 'POST /__admin/revoke': {
        const state = stateOf(clientId);
        for (const jti of state.jtis) revoked.add(jti);
        state.jtis.clear();
        break;
      }
      case 'POST /__admin/outage':
        stateOf(clientId).outage = {
          status: Number(body.status) || 500,
          from: Number(body.from) || Date.now(),
          until: Number(body.until) || 0,
        };
        break;
      case 'POST /__admin/latency':
        latencyMs = Number(body.ms) || 0;
        break;
      case 'POST /__admin/forget':
        // A finished run's per-request counts are not needed any more.
        clients.delete(clientId);
        break;
      default:
        sendJson(res, 404, { error: 'unknown_admin_route', route });
        return;
    }
    sendJson(res, 200, { ok: true });
  }

  const guard =
    (handler: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>) =>
    (req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const run = url.pathname.startsWith('/__admin/') ? admin : handler;
      run(req, res, url).catch((error: unknown) => {
        if (res.headersSent) res.destroy();
        else sendJson(res, 500, { error: 'server_error', error_description: String(error) });
      });
    };
  tokenServer.on(
    'request',
    guard(async (req, res, url) => {
      if (req.method === 'POST' && url.pathname === TOKEN_PATH) return token(req, res);
      sendJson(res, 404, { error: 'not_found' });
    }),
  );
  apiServer.on('request', guard(api));

  return {
    info: {
      tokenOrigin,
      tokenEndpoint: `${tokenOrigin}${TOKEN_PATH}`,
      apiOrigin,
      clientSecret: CLIENT_SECRET,
      tokenLatencyMs: latencyMs,
      pid: process.pid,
    },
    async close() {
      await Promise.all([stop(tokenServer), stop(apiServer)]);
    },
  };
}

// A backlog large enough for 1,000 simultaneous connects (the default 511 drops SYNs, which
// the client's kernel retries a second later: a stampede would measure TCP, not the library).
async function listen(server: Server): Promise<string> {
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 61_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
