import { setTimeout as sleep } from 'node:timers/promises';
import { createTokenManager, type TokenManagerEvent } from '@tokenkeeper/core';
import { bearerHooks } from '@tokenkeeper/got';
import got from 'got';
import { configFromEnv, type QueryConfig } from './config.ts';
import { startLocalProvider } from './local-provider.ts';

const CALLS = 3;
// Long enough that the local fixture's 2-second tokens run out between calls.
const PAUSE_MS = 1_100;

try {
  await main();
} catch (error) {
  // tokenkeeper's errors never contain a token, a secret or the token URL: safe to print.
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

async function main(): Promise<void> {
  const fromEnv = configFromEnv();
  const local = fromEnv ? undefined : await startLocalProvider();
  try {
    const config = fromEnv ?? local!.config;
    console.log(
      local
        ? `provider: local fixture at ${new URL(config.tokenEndpoint).origin} (set TOKEN_ENDPOINT to use a real one)`
        : `provider: ${new URL(config.tokenEndpoint).origin}`,
    );
    console.warn(
      "warning: requestStyle 'query' puts the client secret in the URL of every token request, " +
        'where proxies, load balancers and server access logs can record it. ' +
        'Use it only for a provider that accepts nothing else, and rotate the secret if such logs leak.',
    );
    await run(config);
    if (local) {
      const grants = Object.entries(local.byGrant()).map(([grant, count]) => `${grant} ${count}`);
      console.log(`token requests the server received: ${grants.join(', ')}`);
    }
  } finally {
    await local?.close();
  }
}

async function run(config: QueryConfig): Promise<void> {
  await using tokens = createTokenManager({
    tokenEndpoint: config.tokenEndpoint,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    // `GET …?grant_type=client_credentials&client_id=…&client_secret=…`: the provider demands it.
    requestStyle: 'query',
    // The provider documents no logout or revocation endpoint.
    logout: false,
    onEvent: report,
  });

  if (!config.apiUrl) {
    const token = await tokens.getToken();
    console.log(`got a token, valid ${secondsUntil(token.expiresAt)} s`);
    return;
  }
  const api = got.extend({
    // No prefixUrl here, so say which origin gets the token.
    hooks: bearerHooks(tokens, { origins: [new URL(config.apiUrl).origin] }),
  });
  for (let call = 1; call <= CALLS; call += 1) {
    const response = await api.get(config.apiUrl);
    console.log(`GET ${new URL(config.apiUrl).pathname} -> ${response.statusCode}`);
    if (call < CALLS) await sleep(PAUSE_MS);
  }
}

/** Logs what the manager does; events never hold a token, a secret or a token URL. */
function report(event: TokenManagerEvent): void {
  if (event.type === 'token_acquired' || event.type === 'token_refreshed') {
    console.log(`  token from the ${event.grant} grant, valid ${secondsUntil(event.expiresAt)} s`);
  } else if (event.type === 'refresh_failed') {
    console.log(`  token request failed: ${event.code} ${event.error ?? ''}`);
  }
}

function secondsUntil(epochMs: number): number {
  return Math.max(0, Math.round((epochMs - Date.now()) / 1000));
}
