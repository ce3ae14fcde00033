import { setTimeout as sleep } from 'node:timers/promises';
import { attachBearer } from '@tokenkeeper/axios';
import { createTokenManager, type TokenManagerEvent } from '@tokenkeeper/core';
import axios from 'axios';
import { configFromEnv, type KeycloakConfig } from './config.ts';
import { type LocalKeycloak, startLocalKeycloak } from './local-keycloak.ts';

const CALLS = 3;
// Long enough that the local fixture's 2-second tokens run out between calls.
const PAUSE_MS = 1_100;

try {
  await main();
} catch (error) {
  // tokenkeeper's errors never contain a token, a password or a secret: safe to print.
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

async function main(): Promise<void> {
  const fromEnv = configFromEnv();
  const local = fromEnv ? undefined : await startLocalKeycloak();
  try {
    const config = fromEnv ?? local!.config;
    console.log(
      local
        ? `Keycloak: local fixture at ${new URL(config.tokenEndpoint).origin} (set TOKEN_ENDPOINT to use a real one)`
        : `Keycloak: ${new URL(config.tokenEndpoint).origin}`,
    );
    await run(config, local);
    if (local) console.log(`sessions on the server after logout: ${local.liveSessions()}`);
  } finally {
    await local?.close();
  }
}

async function run(config: KeycloakConfig, local: LocalKeycloak | undefined): Promise<void> {
  // `await using`: leaving this function logs the session out, even on an error.
  // Keycloak may allow only five sessions per user: a process that never logs out locks the user out.
  await using tokens = createTokenManager({
    tokenEndpoint: config.tokenEndpoint,
    clientId: config.clientId, // a public client: no secret
    grant: { type: 'password', username: config.username, password: config.password },
    logout: { kind: 'keycloak', endpoint: config.logoutEndpoint },
    onEvent: report,
  });

  if (!config.apiUrl) {
    const token = await tokens.getToken();
    console.log(`logged in; the token is valid for ${secondsUntil(token.expiresAt)} s`);
    return;
  }
  const url = new URL(config.apiUrl);
  const api = axios.create({ baseURL: url.origin });
  attachBearer(api, tokens); // the token goes to url.origin only

  for (let call = 1; call <= CALLS; call += 1) {
    const response = await api.get(url.pathname + url.search);
    console.log(`GET ${url.pathname} -> ${response.status}`);
    if (local && call === 1) console.log(`sessions on the server: ${local.liveSessions()}`);
    if (call < CALLS) await sleep(PAUSE_MS);
  }
}

/** Logs what the manager does; events never hold a token or a secret. */
function report(event: TokenManagerEvent): void {
  if (event.type === 'token_acquired' || event.type === 'token_refreshed') {
    console.log(`  token from the ${event.grant} grant, valid ${secondsUntil(event.expiresAt)} s`);
  } else if (event.type === 'logged_out') {
    console.log(`  logged out (${event.kind})`);
  } else if (event.type === 'refresh_failed') {
    console.log(`  token request failed: ${event.code} ${event.error ?? ''}`);
  }
}

function secondsUntil(epochMs: number): number {
  return Math.max(0, Math.round((epochMs - Date.now()) / 1000));
}
