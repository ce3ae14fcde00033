// The page script of the browser test: one token manager per tab with the tab store, driven
// by the test through `globalThis.tabApp`. Bundled with esbuild from the TypeScript sources.
import { createTokenManager, type TokenManager } from '@tokenkeeper/core';
import { createTabStore, type TabTokenStore } from '../../src/index.ts';

/** What the test gives every tab. */
export interface AppConfig {
  tokenEndpoint: string;
  logoutEndpoint: string;
  clientId: string;
  username: string;
  password: string;
}

/** What a tab offers the test. */
export interface TabApp {
  start(config: AppConfig): void;
  /** `calls` concurrent `getAccessToken()`: the distinct tokens they got. */
  burst(calls: number): Promise<string[]>;
  /** Starts a forced refresh in the background; `refreshed()` awaits it. */
  startRefresh(): void;
  refreshed(): Promise<string>;
  /** The access token this tab's store holds for its manager (after asking the other tabs). */
  stored(): Promise<string | undefined>;
  dispose(): Promise<void>;
  events(): string[];
}

let tokens: TokenManager | undefined;
let store: TabTokenStore | undefined;
let refresh: Promise<string> | undefined;
const seen: string[] = [];

const manager = () => {
  if (!tokens) throw new Error('call start() first');
  return tokens;
};

const app: TabApp = {
  start(config) {
    store = createTabStore({ prefix: 'tabs-test:' });
    tokens = createTokenManager({
      tokenEndpoint: config.tokenEndpoint,
      clientId: config.clientId,
      grant: { type: 'password', username: config.username, password: config.password },
      logout: { kind: 'keycloak', endpoint: config.logoutEndpoint },
      store,
      onEvent: (event) => seen.push(event.type),
    });
  },
  async burst(calls) {
    const all = await Promise.all(Array.from({ length: calls }, () => manager().getAccessToken()));
    return [...new Set(all)];
  },
  startRefresh() {
    refresh = manager()
      .getToken({ forceRefresh: true })
      .then((token) => token.accessToken);
    refresh.catch(() => {});
  },
  refreshed() {
    if (!refresh) throw new Error('call startRefresh() first');
    return refresh;
  },
  async stored() {
    return (await store?.get(manager().flightKey))?.accessToken;
  },
  dispose: () => manager().dispose(),
  events: () => [...seen],
};

(globalThis as unknown as { tabApp: TabApp }).tabApp = app;
