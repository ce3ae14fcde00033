import { createServer, type IncomingHttpHeaders } from 'node:http';
import { ADMIN_PREFIX, handleAdmin } from './admin.ts';
import { readBody } from './http-util.ts';
import { listen } from './listen.ts';

/** What the recorder received. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** Handle of the recorder ("other origin") server. */
export interface RecorderServer {
  /** Origin, no trailing slash. */
  url: string;
  origin: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * Starts a server that records the headers of every request and answers 200 `ok`; the
 * "other origin" of redirect and token-leak tests.
 */
export async function startRecorderServer(
  options: { port?: number } = {},
): Promise<RecorderServer> {
  const server = createServer();
  const listening = await listen(server, options.port ?? 0);
  const requests: RecordedRequest[] = [];
  server.on('request', async (req, res) => {
    if (req.url?.startsWith(ADMIN_PREFIX)) {
      await handleAdmin(req, res, {
        stats: () => ({ requests: requests.length, received: requests }),
        resetStats: () => requests.splice(0),
      });
      return;
    }
    await readBody(req);
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  return {
    url: listening.origin,
    origin: listening.origin,
    port: listening.port,
    requests,
    close: () => listening.close(),
  };
}
