// A token endpoint, an RFC 7009 revocation endpoint and a protected API on two loopback
// origins, with CORS on every answer, so that browsers and workers can call them too.
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
// By path: runtimes/ is no package of its own (see runners.ts).
import { readBody, sendJson } from '../../packages/test-utils/src/http-util.ts';

/** A client registration: its secret and the lifetime (`expires_in`, seconds) of its tokens. */
export interface Client {
  secret: string;
  ttlSeconds: number;
}

/** Counters the scenario reads from `GET {api}/control/stats` (and the harness from `stats()`). */
export interface ServerStats {
  /** Every POST to the token endpoint, refused ones included, in total and per client id. */
  tokenRequests: number;
  /** GETs of the discovery document (`/.well-known/openid-configuration`). */
  discoveryRequests: number;
  tokenRequestsByClient: Record<string, number>;
  /** Requests to the revocation endpoint, and the tokens they named. */
  revocations: number;
  revokedTokens: string[];
  /** Requests to the protected API, and how many it answered 401. */
  apiRequests: number;
  api401s: number;
  /** Sends per `?req=` id: how often one logical request reached the API. */
  sendsByRequest: Record<string, number>;
  /** Access tokens the API accepted, per client id, in order of first use. */
  acceptedTokens: Record<string, string[]>;
}

/** Handle of the two servers. */
export interface MatrixServers {
  /** Origin (and issuer) of the authorization server: `POST /token`, `POST /revoke`, discovery. */
  idp: string;
  /**
   * Origin of the API: `GET /api/data`; controls `POST /control/revoke-all`,
   * `POST /control/fail-next-token` (the next token request gets a 503), `GET /control/stats`.
   */
  api: string;
  stats(): ServerStats;
  close(): Promise<void>;
}

const corsHeaders = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, dpop',
  'access-control-expose-headers': 'Date, Retry-After, WWW-Authenticate, DPoP-Nonce',
  'access-control-max-age': '600',
};

interface Issued {
  clientId: string;
  /** Epoch ms: the API refuses the token from then on. */
  expiresAt: number;
  revoked: boolean;
}

const signingKey = randomUUID();
const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

// An HS256 JWT: the client reads `exp` (with jose) without verifying it, as with any real provider.
function signJwt(claims: Record<string, unknown>): string {
  const input = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'at+jwt' }))}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${createHmac('sha256', signingKey).update(input).digest('base64url')}`;
}

/**
 * Starts both servers on 127.0.0.1, each on a port the OS picks. Clients authenticate with
 * `client_secret_post` (a wrong or missing secret: 401 `invalid_client`); the only grant is
 * `client_credentials`. Every answer carries CORS headers and OPTIONS preflights get 204.
 *
 * @example
 * const servers = await startMatrixServers({ app: { secret: 's', ttlSeconds: 3600 } });
 */
export async function startMatrixServers(clients: Record<string, Client>): Promise<MatrixServers> {
  const issued = new Map<string, Issued>();
  const stats: ServerStats = {
    tokenRequests: 0,
    discoveryRequests: 0,
    tokenRequestsByClient: {},
    revocations: 0,
    revokedTokens: [],
    apiRequests: 0,
    api401s: 0,
    sendsByRequest: {},
    acceptedTokens: {},
  };
  const snapshot = (): ServerStats => structuredClone(stats);
  let failNextTokenRequest = false;

  // The authenticated client id, or undefined after answering 401 invalid_client.
  function authenticate(params: URLSearchParams, res: ServerResponse): string | undefined {
    const clientId = params.get('client_id') ?? '';
    const client = clients[clientId];
    if (client && params.get('client_secret') === client.secret) return clientId;
    send(res, 401, { error: 'invalid_client', error_description: 'client authentication failed' });
    return undefined;
  }

  const idp = await listen(async (req, res, url) => {
    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      stats.discoveryRequests += 1;
      return send(res, 200, {
        issuer: idp.origin,
        token_endpoint: `${idp.origin}/token`,
        revocation_endpoint: `${idp.origin}/revoke`,
        grant_types_supported: ['client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_post'],
      });
    }
    if (req.method !== 'POST') return send(res, 405, { error: 'invalid_request' });
    const params = new URLSearchParams((await readBody(req)).toString());
    if (url.pathname === '/token') {
      stats.tokenRequests += 1;
      const id = params.get('client_id') ?? '';
      stats.tokenRequestsByClient[id] = (stats.tokenRequestsByClient[id] ?? 0) + 1;
      if (failNextTokenRequest) {
        failNextTokenRequest = false;
        return send(res, 503, { error: 'temporarily_unavailable' });
      }
      const clientId = authenticate(params, res);
      if (!clientId) return;
      if (params.get('grant_type') !== 'client_credentials') {
        return send(res, 400, { error: 'unsupported_grant_type' });
      }
      const ttlSeconds = clients[clientId]!.ttlSeconds;
      const iat = Math.floor(Date.now() / 1000);
      const exp = iat + ttlSeconds;
      const accessToken = signJwt({
        sub: clientId,
        client_id: clientId,
        iat,
        exp,
        jti: randomUUID(),
      });
      issued.set(accessToken, { clientId, expiresAt: exp * 1000, revoked: false });
      return send(
        res,
        200,
        { access_token: accessToken, token_type: 'Bearer', expires_in: ttlSeconds },
        { 'cache-control': 'no-store' },
      );
    }
    if (url.pathname === '/revoke') {
      // RFC 7009 §2.1-2.2: the client authenticates; an unknown token is no error.
      stats.revocations += 1;
      const clientId = authenticate(params, res);
      if (!clientId) return;
      const token = params.get('token') ?? '';
      stats.revokedTokens.push(token);
      const entry = issued.get(token);
      if (entry?.clientId === clientId) entry.revoked = true;
      res.writeHead(200, { ...corsHeaders, 'cache-control': 'no-store' });
      return res.end();
    }
    send(res, 404, { error: 'not_found' });
  });

  const api = await listen(async (req, res, url) => {
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /control/stats') return send(res, 200, snapshot());
    if (route === 'POST /control/fail-next-token') {
      failNextTokenRequest = true;
      return send(res, 200, { failNextTokenRequest });
    }
    if (route === 'POST /control/revoke-all') {
      for (const entry of issued.values()) entry.revoked = true;
      return send(res, 200, { revoked: issued.size });
    }
    if (route !== 'GET /api/data') return send(res, 404, { error: 'not_found' });
    stats.apiRequests += 1;
    const id = url.searchParams.get('req');
    if (id) stats.sendsByRequest[id] = (stats.sendsByRequest[id] ?? 0) + 1;
    const token = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const entry = issued.get(token);
    if (!entry || entry.revoked || Date.now() >= entry.expiresAt) {
      stats.api401s += 1;
      return send(
        res,
        401,
        { error: 'invalid_token' },
        {
          'www-authenticate': 'Bearer error="invalid_token"',
        },
      );
    }
    const accepted = stats.acceptedTokens[entry.clientId] ?? [];
    if (!accepted.includes(token)) stats.acceptedTokens[entry.clientId] = [...accepted, token];
    send(res, 200, { ok: true, client: entry.clientId, token });
  });

  return {
    idp: idp.origin,
    api: api.origin,
    stats: snapshot,
    close: async () => {
      await Promise.all([idp.close(), api.close()]);
    },
  };
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => unknown;

async function listen(handler: Handler): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, corsHeaders);
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    Promise.resolve(handler(req, res, url)).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: 'server_error', detail: String(error) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// Every answer is JSON with the CORS headers the browser runs need.
function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, body, { ...corsHeaders, ...headers });
}
