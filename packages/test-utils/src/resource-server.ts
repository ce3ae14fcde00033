import { createServer } from 'node:http';
import { ADMIN_PREFIX, handleAdmin } from './admin.ts';
import { readBody, sendJson, sha256 } from './http-util.ts';
import { listen } from './listen.ts';

/** A request as the protected API saw it. */
export interface ResourceRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  bodySha256: string;
}

/** Counters of the protected API. */
export interface ResourceStats {
  requests: number;
  unauthorized: number;
  /** Requests per bearer token presented (valid or not). */
  byToken: Map<string, number>;
}

/** `normal` checks tokens; `always401` rejects every protected request. */
export type ResourceMode = 'normal' | 'always401';

/** Handle of the protected API. */
export interface ResourceServer {
  /** Origin, no trailing slash. */
  url: string;
  origin: string;
  port: number;
  requests: ResourceRequest[];
  stats(): ResourceStats;
  resetStats(): void;
  setMode(mode: ResourceMode): void;
  close(): Promise<void>;
}

/** Header carrying the SHA-256 (hex) of the body `/api/echo` received. */
export const BODY_SHA256_HEADER = 'x-body-sha256';

/**
 * Starts a protected API: `GET /api/data`, `POST|PUT /api/echo` (echoes body bytes and
 * content-type), `GET /api/forbidden` (always 403), `GET /redirect?to=<url>` (302, no auth),
 * `GET /api/challenge?challenge=<value>` (always 401, with `WWW-Authenticate: <value>`, or
 * without that header when `challenge` is absent: an RFC 6750 §3 challenge of the test's choosing).
 * A missing or rejected bearer token answers 401 with `WWW-Authenticate: Bearer error="invalid_token"`.
 *
 * @example
 * const api = await startResourceServer({ verify: (t) => idp.verifyAccessToken(t) });
 */
export async function startResourceServer(options: {
  verify: (token: string) => boolean | Promise<boolean>;
  port?: number;
}): Promise<ResourceServer> {
  const server = createServer();
  const listening = await listen(server, options.port ?? 0);
  const requests: ResourceRequest[] = [];
  const stats: ResourceStats = { requests: 0, unauthorized: 0, byToken: new Map() };
  let mode: ResourceMode = 'normal';

  const handle: ResourceServer = {
    url: listening.origin,
    origin: listening.origin,
    port: listening.port,
    requests,
    stats: () => ({ ...stats, byToken: new Map(stats.byToken) }),
    resetStats() {
      stats.requests = 0;
      stats.unauthorized = 0;
      stats.byToken.clear();
    },
    setMode(next) {
      mode = next;
    },
    close: () => listening.close(),
  };

  server.on('request', async (req, res) => {
    const url = new URL(req.url ?? '/', listening.origin);
    if (url.pathname.startsWith(ADMIN_PREFIX)) {
      await handleAdmin(req, res, { ...handle, setMode: (m) => handle.setMode(m as ResourceMode) });
      return;
    }
    const body = await readBody(req);
    const authorization = req.headers.authorization;
    const contentType = req.headers['content-type'];
    requests.push({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      authorization,
      contentType,
      bodySha256: sha256(body),
    });
    stats.requests += 1;

    if (req.method === 'GET' && url.pathname === '/redirect') {
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/' });
      res.end();
      return;
    }
    const token = /^Bearer ([^\s]+)$/i.exec(authorization ?? '')?.[1];
    if (token) stats.byToken.set(token, (stats.byToken.get(token) ?? 0) + 1);
    if (req.method === 'GET' && url.pathname === '/api/challenge') {
      stats.unauthorized += 1;
      const challenge = url.searchParams.get('challenge');
      res.writeHead(401, {
        ...(challenge === null ? {} : { 'www-authenticate': challenge }),
        'content-type': 'application/json',
      });
      res.end(JSON.stringify({ error: 'challenged' }));
      return;
    }
    if (!token || mode === 'always401' || !(await options.verify(token))) {
      stats.unauthorized += 1;
      res.writeHead(401, {
        'www-authenticate': 'Bearer error="invalid_token"',
        'content-type': 'application/json',
      });
      res.end(JSON.stringify({ error: 'invalid_token' }));
      return;
    }
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /api/data') return sendJson(res, 200, { ok: true, data: [1, 2, 3] });
    if (route === 'GET /api/forbidden') return sendJson(res, 403, { error: 'insufficient_scope' });
    if (route === 'POST /api/echo' || route === 'PUT /api/echo') {
      res.writeHead(200, {
        'content-type': contentType ?? 'application/octet-stream',
        'content-length': String(body.length),
        [BODY_SHA256_HEADER]: sha256(body),
      });
      res.end(body);
      return;
    }
    sendJson(res, 404, { error: 'not_found' });
  });
  return handle;
}
