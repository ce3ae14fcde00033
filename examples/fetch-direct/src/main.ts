import type { TokenManagerEvent } from '@tokenkeeper/core';
import { createApp } from './app.ts';
import { configFromEnv, type UpstreamConfig } from './config.ts';
import { type LocalServer, startLocalServer } from './local-server.ts';
import { createUpstream } from './upstream.ts';

const VISITORS = 10;

try {
  await main();
} catch (error) {
  // tokenkeeper's errors never contain a token or a secret: safe to print.
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

async function main(): Promise<void> {
  const fromEnv = configFromEnv();
  const local = fromEnv ? undefined : await startLocalServer();
  try {
    const config = fromEnv ?? local!.config;
    const server = config.issuer ?? config.tokenEndpoint!;
    console.log(
      local
        ? `OAuth server: local oidc-provider at ${server} (set ISSUER or TOKEN_ENDPOINT to use a real one)`
        : `OAuth server: ${new URL(server).origin}`,
    );
    await serve(config, local);
    if (local) {
      const { tokenRequests, revocations, apiUnauthorized } = local.stats();
      console.log(
        `server saw ${tokenRequests} token requests, ${apiUnauthorized} API 401 retried, ${revocations} revocation`,
      );
    }
  } finally {
    await local?.close();
  }
}

/** What a framework does with the app: start it, route requests to it, shut it down. */
async function serve(config: UpstreamConfig, local: LocalServer | undefined): Promise<void> {
  // Startup: one upstream for the process; shutdown (the finally below): close it.
  const upstream = createUpstream(config, report);
  try {
    const app = createApp(upstream, config.apiUrl);
    const visit = () => app(new Request('http://localhost/dashboard'));

    const statuses = await Promise.all(
      Array.from({ length: VISITORS }, async () => (await visit()).status),
    );
    console.log(`${VISITORS} visitors at once: ${summarize(statuses)}`);

    if (local) {
      // The server drops every token: the next call meets a 401, and bearerFetch retries it once with a new token.
      local.revokeAll();
      console.log(`after the server revoked all tokens: ${(await visit()).status}`);
    }
  } finally {
    await upstream.close();
    console.log('shut down');
  }
}

/** Logs what the manager does; events never hold a token or a secret. */
function report(event: TokenManagerEvent): void {
  if (event.type === 'token_acquired' || event.type === 'token_refreshed') {
    console.log(`  token from the ${event.grant} grant`);
  } else if (event.type === 'token_invalidated') {
    console.log('  the API refused the token: getting a new one');
  } else if (event.type === 'logged_out') {
    console.log(`  ${event.kind === 'revocation' ? 'revoked' : 'logged out'} at shutdown`);
  }
}

function summarize(statuses: number[]): string {
  const counts = new Map<number, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  return [...counts].map(([status, count]) => `${count} x ${status}`).join(', ');
}
