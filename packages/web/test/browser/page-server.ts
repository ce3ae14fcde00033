import { createServer, request as httpRequest } from 'node:http';
import { listen } from '@tokenkeeper/test-utils';

/** The test page's origin: the page, its script, and a proxy to the identity server. */
export interface PageServer {
  origin: string;
  close(): Promise<void>;
}

const PAGE =
  '<!doctype html><meta charset="utf-8"><title>tab</title><script type="module" src="/app.js"></script>';

/**
 * Serves `/` (a page that loads `/app.js`), `/app.js` (the bundle) and forwards every path
 * under `proxyPrefix` to `upstream` unchanged: page and token endpoint share one origin,
 * so the browser sends no CORS preflight and the identity server needs no CORS.
 * Loopback `http:` is a secure context, so the page has Web Locks.
 */
export async function startPageServer(options: {
  script: string;
  upstream: string;
  proxyPrefix: string;
}): Promise<PageServer> {
  const upstream = new URL(options.upstream);
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (req.method === 'GET' && path === '/') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(PAGE);
      return;
    }
    if (req.method === 'GET' && path === '/app.js') {
      res.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(options.script);
      return;
    }
    if (!path.startsWith(options.proxyPrefix)) {
      res.writeHead(404).end();
      return;
    }
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    // A page that closes mid-request takes its request at the identity server with it.
    res.on('close', () => {
      if (!res.writableFinished) forward.destroy();
    });
    req.pipe(forward);
  });
  const listening = await listen(server);
  return { origin: listening.origin, close: listening.close };
}
