import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server listening on 127.0.0.1, with a `close()` that never hangs on keep-alive sockets. */
export interface Listening {
  /** Same as `origin`; every server handle in this package uses `url` for its origin. */
  url: string;
  /** Origin without a trailing slash, e.g. `http://127.0.0.1:54321`. */
  origin: string;
  port: number;
  /** Stops listening and destroys every open connection. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts `server` on 127.0.0.1 with an ephemeral port (or `port`).
 *
 * @example
 * const { origin, close } = await listen(createServer(handler));
 */
export async function listen(server: Server, port = 0): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep accept queue: storm tests open thousands of connections at once.
    server.listen({ port, host: '127.0.0.1', backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    url: origin,
    origin,
    port: address.port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        // Keep-alive sockets held by fetch/undici agents would otherwise keep close() pending.
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
