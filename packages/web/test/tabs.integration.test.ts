// The real thing: tabs of one origin in Debian's Chromium (driven by playwright-core), each
// with its own token manager and the tab store, against the Keycloak fixture (five sessions
// per user) behind a same-origin proxy.
import { type KeycloakFixture, startKeycloakFixture } from '@tokenkeeper/test-utils';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig, TabApp } from './browser/app.ts';
import { bundleApp } from './browser/bundle.ts';
import { ensureChromium, launchChromium } from './browser/chromium.ts';
import { type PageServer, startPageServer } from './browser/page-server.ts';

const TABS = 5;
const CALLS = 200;
// Bounded: 30 s + 15 s + 15 s at most, about 11 s on a 2-core machine (opening five tabs is most of it).

let idp: KeycloakFixture;
let server: PageServer;
let browser: Browser | undefined;
let context: BrowserContext;
let config: AppConfig;
let tabs: Page[] = [];
let releaseHungRequest = () => {};
const pageErrors: string[] = [];

beforeAll(async () => {
  // Installing Chromium (only when it is missing) may take minutes; the test itself does not.
  const [executable, script] = await Promise.all([ensureChromium(), bundleApp()]);
  idp = await startKeycloakFixture({ ttl: 20, sessionLimit: 5 });
  server = await startPageServer({ script, upstream: idp.origin, proxyPrefix: '/auth/' });
  browser = await launchChromium(executable);
  context = await browser.newContext();
  const onPage = (url: string) => `${server.origin}${new URL(url).pathname}`;
  config = {
    tokenEndpoint: onPage(idp.tokenEndpoint),
    logoutEndpoint: onPage(idp.logoutEndpoint),
    clientId: idp.clientId,
    username: idp.username,
    password: idp.password,
  };
}, 900_000);

afterAll(async () => {
  releaseHungRequest();
  await browser?.close();
  await Promise.all([server?.close(), idp?.close()]);
});

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

/** Calls `tabApp[method](...args)` in the page. */
function call<M extends keyof TabApp>(
  page: Page,
  method: M,
  ...args: Parameters<TabApp[M]>
): Promise<Awaited<ReturnType<TabApp[M]>>> {
  return page.evaluate(
    ([name, params]) => {
      const app = (
        globalThis as unknown as { tabApp: Record<string, (...a: unknown[]) => unknown> }
      ).tabApp;
      return app[name]!(...params);
    },
    [method, args] as [string, unknown[]],
  ) as Promise<Awaited<ReturnType<TabApp[M]>>>;
}

async function openTab(): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${server.origin}/`, { timeout: 10_000 });
  await page.waitForFunction(() => 'tabApp' in globalThis, undefined, {
    polling: 20,
    timeout: 10_000,
  });
  await call(page, 'start', config);
  return page;
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('tabs of one origin in Chromium sharing the tab store', () => {
  it(`make ${TABS} tabs × ${CALLS} concurrent getAccessToken() cost one token request and one session`, async () => {
    tabs = await Promise.all(Array.from({ length: TABS }, openTab));
    idp.resetStats();

    const results = await Promise.all(tabs.map((page) => call(page, 'burst', CALLS)));
    const distinct = new Set(results.flat());
    expect(distinct.size).toBe(1);
    expect(idp.stats()).toMatchObject({
      tokenRequests: 1,
      byGrant: { password: 1 },
      liveSessions: 1,
      maxLiveSessions: 1,
    });
    const events = await Promise.all(tabs.map((page) => call(page, 'events')));
    expect(events.filter((seen) => seen.includes('token_acquired'))).toHaveLength(1);
    expect(events.filter((seen) => seen.includes('token_from_store'))).toHaveLength(TABS - 1);

    // A tab opened later adopts the session instead of logging in.
    const late = await openTab();
    tabs.push(late);
    expect(await call(late, 'burst', 1)).toEqual([...distinct]);
    expect(idp.stats()).toMatchObject({ tokenRequests: 1, liveSessions: 1 });
    console.info(
      `[tabs] ${TABS} tabs × ${CALLS} calls, then a late tab: ${idp.stats().tokenRequests} token request, ${idp.stats().liveSessions} live session`,
    );
  }, 30_000);

  it('frees the refresh lock of a tab closed mid-refresh, and another tab refreshes', async () => {
    const [holder, successor, bystander] = tabs as [Page, Page, Page];
    const [current] = await call(successor, 'burst', 1);
    idp.resetStats();
    let arrived = () => {};
    const holderRequest = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const hung = new Promise<void>((resolve) => {
      releaseHungRequest = resolve;
    });
    let first = true;
    // The holder's refresh request hangs at the identity server (and is never processed).
    idp.respondWith(async () => {
      if (!first) return undefined;
      first = false;
      arrived();
      await Promise.race([hung, delay(30_000)]);
      return { status: 503, body: { error: 'temporarily_unavailable' } };
    });
    try {
      await call(holder, 'startRefresh');
      await withTimeout(holderRequest, 5_000, "the holder's refresh never reached the server");
      await call(successor, 'startRefresh');
      await delay(300);
      // The successor waits for the lock: no second request while the holder lives.
      expect(idp.stats().byGrant).toEqual({ refresh_token: 1 });

      const closedAt = Date.now();
      await holder.close();
      const refreshed = await withTimeout(
        call(successor, 'refreshed'),
        10_000,
        'the successor never refreshed',
      );
      const tookMs = Date.now() - closedAt;

      expect(refreshed).not.toBe(current);
      // Freed when the tab closed, not after a lease (core asks for 15 s).
      expect(tookMs).toBeLessThan(5_000);
      expect(idp.stats()).toMatchObject({
        byGrant: { refresh_token: 2 },
        liveSessions: 1,
        maxLiveSessions: 1,
      });
      expect(await call(bystander, 'stored')).toBe(refreshed);
      console.info(`[tabs] holder closed mid-refresh: another tab refreshed ${tookMs} ms later`);
      tabs = tabs.filter((page) => page !== holder);
    } finally {
      releaseHungRequest();
      idp.respondWith(undefined);
    }
  }, 15_000);

  it('ends the session for every tab on dispose; the others log in again; the last tab ends it too', async () => {
    const [disposer, survivor, ...others] = tabs as [Page, Page, ...Page[]];
    idp.resetStats();

    await call(disposer, 'dispose');
    expect(idp.stats()).toMatchObject({ logouts: 1, liveSessions: 0 });
    expect(await call(survivor, 'stored')).toBeUndefined(); // the deletion reached the others

    // The survivor's refresh token died with the session: its next refresh logs in again.
    await call(survivor, 'startRefresh');
    const again = await call(survivor, 'refreshed');
    expect(idp.stats()).toMatchObject({
      byGrant: { refresh_token: 1, password: 1 },
      liveSessions: 1,
    });
    for (const page of others) expect(await call(page, 'stored')).toBe(again);

    // Closing tabs ends nothing; dispose() in the last tab ends the session.
    for (const page of [disposer, ...others]) await page.close();
    await call(survivor, 'dispose');
    expect(idp.stats()).toMatchObject({ logouts: 2, liveSessions: 0, maxLiveSessions: 1 });
  }, 15_000);
});
