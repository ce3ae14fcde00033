// Token managers of several "tabs" (one store each, one process) against the Keycloak fixture:
// the same wiring as the browser test, without a browser, so the engine's use of the store is
// checked on every unit run.
import { createTokenManager, type TokenManager } from '@tokenkeeper/core';
import { type KeycloakFixture, startKeycloakFixture } from '@tokenkeeper/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTabStore, type TabTokenStore } from '../src/index.ts';
import { ensureWebLocks } from './helpers/web-locks.ts';

ensureWebLocks();

const TABS = 5;
const CALLS = 200;
let idp: KeycloakFixture;

beforeAll(async () => {
  idp = await startKeycloakFixture({ ttl: 60, sessionLimit: 5 });
});
afterAll(() => idp?.close());

function openTab(prefix: string): { tokens: TokenManager; store: TabTokenStore } {
  const store = createTabStore({ prefix, syncWaitMs: 50 });
  const tokens = createTokenManager({
    tokenEndpoint: idp.tokenEndpoint,
    clientId: idp.clientId,
    grant: { type: 'password', username: idp.username, password: idp.password },
    logout: { kind: 'keycloak', endpoint: idp.logoutEndpoint },
    store,
  });
  return { tokens, store };
}

describe('token managers of several tabs sharing tab stores', () => {
  it(`make ${TABS} × ${CALLS} concurrent callers cost one login, one session, one logout`, async () => {
    idp.resetStats();
    const tabs = Array.from({ length: TABS }, () => openTab('managers:'));
    const seen = await Promise.all(
      tabs.flatMap(({ tokens }) => Array.from({ length: CALLS }, () => tokens.getAccessToken())),
    );
    expect(new Set(seen).size).toBe(1);
    expect(idp.stats()).toMatchObject({ tokenRequests: 1, liveSessions: 1 });

    // Later tabs adopt it too.
    const late = openTab('managers:');
    expect(await late.tokens.getAccessToken()).toBe(seen[0]);
    expect(idp.stats().tokenRequests).toBe(1);

    for (const { store } of [late, ...tabs.slice(1)]) store.close(); // closed tabs: no dispose
    await tabs[0]!.tokens.dispose(); // the last tab
    tabs[0]!.store.close();
    expect(idp.stats()).toMatchObject({ liveSessions: 0, logouts: 1, maxLiveSessions: 1 });
  });
});
