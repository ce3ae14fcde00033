import { createTokenManager, type TokenManagerEvent } from '@tokenkeeper/core';
import { bearerHooks } from '@tokenkeeper/ky';
import ky from 'ky';
import { type Auth0Config, configFromEnv } from './config.ts';
import { startLocalAuth0 } from './local-auth0.ts';

const PARALLEL = 5;

try {
  await main();
} catch (error) {
  // tokenkeeper's errors never contain a token or a secret: safe to print.
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

async function main(): Promise<void> {
  const fromEnv = configFromEnv();
  const local = fromEnv ? undefined : await startLocalAuth0();
  try {
    const config = fromEnv ?? local!.config;
    console.log(
      local
        ? `Auth0: local fixture at ${new URL(config.tokenEndpoint).origin} (set TOKEN_ENDPOINT to use a real tenant)`
        : `Auth0: ${new URL(config.tokenEndpoint).origin}`,
    );
    await run(config);
    if (local) console.log(`token requests the server received: ${local.tokenRequests()}`);
  } finally {
    await local?.close();
  }
}

async function run(config: Auth0Config): Promise<void> {
  await using tokens = createTokenManager({
    tokenEndpoint: config.tokenEndpoint,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    audience: config.audience,
    // Auth0 takes `{client_id, client_secret, audience, grant_type}` as a JSON body.
    requestStyle: 'json',
    // Auth0 cannot revoke a client-credentials access token: there is no session to end.
    logout: false,
    onEvent: report,
  });

  if (!config.apiUrl) {
    const token = await tokens.getToken();
    console.log(`got a token for ${config.audience}, valid ${secondsUntil(token.expiresAt)} s`);
    return;
  }
  const api = ky.create({
    // No base URL here, so say which origin gets the token.
    hooks: bearerHooks(tokens, { origins: [new URL(config.apiUrl).origin] }),
  });
  // Requests at once share the one token request.
  const statuses = await Promise.all(
    Array.from({ length: PARALLEL }, async () => (await api.get(config.apiUrl!)).status),
  );
  console.log(`${PARALLEL} requests at once: ${statuses.join(', ')}`);
  const again = await api.get(config.apiUrl);
  console.log(`one more, with the cached token: ${again.status}`);
}

/** Logs what the manager does; events never hold a token or a secret. */
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
