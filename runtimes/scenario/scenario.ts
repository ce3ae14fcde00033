// The one scenario every runtime of the matrix runs, against the built packages with
// default options only: no `fetch` option, so the runtime's own `globalThis.fetch` is used.
// Web-standard globals only; the entries (cli.ts, browser.ts, worker.ts) pass the config in.
import {
  createTokenManager,
  TokenEndpointError,
  type TokenManager,
  TokenManagerDisposedError,
} from '@tokenkeeper/core';
import { bearerFetch } from '@tokenkeeper/fetch';
import { bearerHooks } from '@tokenkeeper/ky';
import ky, { HTTPError } from 'ky';

/** What the harness hands the scenario. */
export interface ScenarioConfig {
  /** The matrix row, e.g. `node24`, `chromium-importmap`. */
  runtime: string;
  /** Origin of the authorization server (`/token`, `/revoke`). */
  idp: string;
  /** Origin of the protected API (`/api/data`, `/control/*`). */
  api: string;
  /** A client with long-lived tokens, and one whose tokens live `expires_in: 3` seconds. */
  client: { id: string; secret: string };
  shortClient: { id: string; secret: string };
}

export interface StepResult {
  step: number;
  name: string;
  ok: boolean;
  /** What was measured, or why the step failed. */
  detail: string;
}

/** What the scenario hands back: one result per step and the runtime's one summary line. */
export interface ScenarioReport {
  runtime: string;
  userAgent: string;
  ok: boolean;
  steps: StepResult[];
  summary: string;
}

/** The subset of the servers' counters the scenario reads. */
interface Stats {
  tokenRequests: number;
  discoveryRequests: number;
  tokenRequestsByClient: Record<string, number>;
  revocations: number;
  revokedTokens: string[];
  api401s: number;
  sendsByRequest: Record<string, number>;
  acceptedTokens: Record<string, string[]>;
}

class StepFailure extends Error {}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new StepFailure(message);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs the seven steps in order (a failed step does not stop the next ones) and resolves
 * the report; `log` gets one line per step and the summary line.
 */
export async function runScenario(
  config: ScenarioConfig,
  log: (line: string) => void = console.log,
): Promise<ScenarioReport> {
  const { idp, api } = config;
  const tokenEndpoint = `${idp}/token`;
  const logout = { kind: 'revocation', endpoint: `${idp}/revoke` } as const;
  const stats = async (): Promise<Stats> => {
    const response = await fetch(`${api}/control/stats`);
    check(response.ok, `GET /control/stats answered ${response.status}`);
    return (await response.json()) as Stats;
  };
  const tokens = createTokenManager({
    tokenEndpoint,
    clientId: config.client.id,
    clientSecret: config.client.secret,
    logout,
  });
  const viaFetch = bearerFetch(tokens, { origins: [api] });
  const viaKy = ky.create({ baseUrl: `${api}/api/`, hooks: bearerHooks(tokens) });
  // One logical GET, tagged so the API can count its sends; resolves the status and body.
  const get = async (
    client: 'fetch' | 'ky',
    id: string,
    fetcher: typeof viaFetch = viaFetch,
    kyClient: typeof viaKy = viaKy,
  ): Promise<{ status: number; token?: string }> => {
    if (client === 'fetch') {
      const response = await fetcher(`${api}/api/data?req=${id}`);
      return { status: response.status, ...((await response.json()) as { token?: string }) };
    }
    try {
      const body = await kyClient
        .get('data', { searchParams: { req: id } })
        .json<{ token: string }>();
      return { status: 200, token: body.token };
    } catch (error) {
      if (error instanceof HTTPError) return { status: error.response.status };
      throw error;
    }
  };

  const steps: StepResult[] = [];
  const facts: string[] = [];
  async function step(name: string, body: () => Promise<string>): Promise<void> {
    const number = steps.length + 1;
    let result: StepResult;
    try {
      result = { step: number, name, ok: true, detail: await body() };
    } catch (error) {
      const detail =
        error instanceof StepFailure
          ? error.message
          : `threw ${(error as Error)?.name ?? 'error'}: ${(error as Error)?.message ?? String(error)}`;
      result = { step: number, name, ok: false, detail };
    }
    steps.push(result);
    if (result.ok) facts.push(result.detail);
    log(
      `runtime ${config.runtime}: step ${number} ${result.ok ? 'ok' : 'FAILED'} (${name}): ${result.detail}`,
    );
  }

  await step('200 concurrent getAccessToken()', async () => {
    const before = await stats();
    const all = await Promise.all(Array.from({ length: 200 }, () => tokens.getAccessToken()));
    const after = await stats();
    const requests = after.tokenRequests - before.tokenRequests;
    check(requests === 1, `${requests} token requests for 200 callers, expected 1`);
    check(new Set(all).size === 1, `callers got ${new Set(all).size} different tokens`);
    return '1 token request for 200 callers';
  });

  await step('bearerFetch and ky bearerHooks GET', async () => {
    const current = await tokens.getAccessToken();
    const fromFetch = await get('fetch', 's2-fetch');
    check(fromFetch.status === 200, `bearerFetch GET answered ${fromFetch.status}`);
    check(fromFetch.token === current, 'the API did not see the current token from bearerFetch');
    const fromKy = await get('ky', 's2-ky');
    check(fromKy.status === 200, `ky GET answered ${fromKy.status}`);
    check(fromKy.token === current, 'the API did not see the current token from ky');
    return 'fetch and ky GET 200 with the token';
  });

  await step('20 concurrent requests after the API revoked every token', async () => {
    const revoked = await fetch(`${api}/control/revoke-all`, { method: 'POST' });
    check(revoked.ok, `POST /control/revoke-all answered ${revoked.status}`);
    const before = await stats();
    const ids = Array.from({ length: 20 }, (_, i) => `s3-${i}`);
    const results = await Promise.all(ids.map((id, i) => get(i % 2 === 0 ? 'fetch' : 'ky', id)));
    const after = await stats();
    const failed = results.filter((result) => result.status !== 200).length;
    check(failed === 0, `${failed} of 20 requests did not end in 200`);
    const requests = after.tokenRequests - before.tokenRequests;
    check(requests === 1, `${requests} more token requests, expected 1`);
    const sends = ids.map((id) => after.sendsByRequest[id] ?? 0);
    check(
      sends.every((count) => count >= 1 && count <= 2),
      `sends per request ${sends.join(',')}, expected 1 or 2 each`,
    );
    return `20/20 ok after revoke-all, 1 more token request, max ${Math.max(...sends)} sends`;
  });

  await step('a 3 s token is replaced before it expires', async () => {
    const short = createTokenManager({
      tokenEndpoint,
      clientId: config.shortClient.id,
      clientSecret: config.shortClient.secret,
      logout,
    });
    try {
      const shortFetch = bearerFetch(short, { origins: [api] });
      const shortKy = ky.create({ baseUrl: `${api}/api/`, hooks: bearerHooks(short) });
      const before = await stats();
      const first = await short.getToken();
      const lifetime = first.expiresAt - Date.now();
      check(
        lifetime > 0 && lifetime <= 3000,
        `the first token lives ${lifetime} ms, expected ≤ 3 s`,
      );
      const started = Date.now();
      let sent = 0;
      const statuses: number[] = [];
      while (Date.now() - started < 4000) {
        const id = `s4-${sent}`;
        const result = await get(sent % 2 === 0 ? 'fetch' : 'ky', id, shortFetch, shortKy);
        statuses.push(result.status);
        sent += 1;
        await sleep(200);
      }
      const after = await stats();
      const unauthorized = after.api401s - before.api401s;
      const failed = statuses.filter((status) => status !== 200).length;
      const requests =
        (after.tokenRequestsByClient[config.shortClient.id] ?? 0) -
        (before.tokenRequestsByClient[config.shortClient.id] ?? 0);
      const used = (after.acceptedTokens[config.shortClient.id] ?? []).length;
      check(sent >= 10, `only ${sent} requests in 4 s`);
      check(failed === 0, `${failed} of ${sent} requests did not end in 200`);
      check(unauthorized === 0, `the API answered 401 ${unauthorized} times`);
      check(requests >= 2 && used >= 2, `${requests} token requests, ${used} tokens used in 4 s`);
      return `3 s token replaced ${requests - 1}× over ${sent} requests, 0 API 401s`;
    } finally {
      await short.dispose();
    }
  });

  await step('dispose() revokes once, later calls reject', async () => {
    const current = await tokens.getAccessToken();
    const before = await stats();
    await tokens.dispose();
    await tokens.dispose(); // idempotent
    const after = await stats();
    const revocations = after.revocations - before.revocations;
    check(revocations === 1, `${revocations} revocation requests, expected 1`);
    check(after.revokedTokens.at(-1) === current, 'the revocation did not name the current token');
    const error = await tokens.getAccessToken().then(
      () => undefined,
      (reason: unknown) => reason as { code?: unknown; name?: unknown },
    );
    check(error !== undefined, 'getAccessToken() after dispose() resolved');
    check(
      error.code === 'ERR_TOKEN_MANAGER_DISPOSED',
      `getAccessToken() after dispose() rejected with code ${String(error.code)}`,
    );
    check(error instanceof TokenManagerDisposedError, 'the error is no TokenManagerDisposedError');
    const viaAdapter = await viaFetch(`${api}/api/data?req=s5`).then(
      () => 'resolved',
      (reason: unknown) => String((reason as { code?: unknown }).code),
    );
    check(
      viaAdapter === 'ERR_TOKEN_MANAGER_DISPOSED',
      `bearerFetch after dispose() gave ${viaAdapter}`,
    );
    return '1 revocation, then ERR_TOKEN_MANAGER_DISPOSED';
  });

  await step('a wrong secret rejects with invalid_client', async () => {
    const wrongSecret = `${config.client.secret}-wrong`;
    const bad: TokenManager = createTokenManager({
      tokenEndpoint,
      clientId: config.client.id,
      clientSecret: wrongSecret,
    });
    try {
      const before = await stats();
      const error = await bad.getAccessToken().then(
        () => undefined,
        (reason: unknown) => reason as TokenEndpointError,
      );
      const after = await stats();
      check(error !== undefined, 'getAccessToken() with a wrong secret resolved');
      check(error instanceof TokenEndpointError, `rejected with ${String(error?.name)}`);
      check(error.code === 'ERR_TOKEN_ENDPOINT', `code ${String(error.code)}`);
      check(error.error === 'invalid_client', `error ${String(error.error)}`);
      check(error.status === 401, `status ${String(error.status)}`);
      check(!String(error.message).includes(wrongSecret), 'the secret is in the error message');
      const requests = after.tokenRequests - before.tokenRequests;
      check(requests === 1, `${requests} token requests, expected 1 (no retry)`);
      return 'invalid_client';
    } finally {
      await bad.dispose();
    }
  });

  // Core loads discovery, the retry loop (with p-retry) and session ending lazily: this step
  // makes every runtime load them (a dynamic import that fails would otherwise first show
  // in an outage).
  await step('issuer discovery, a 503 retried, revocation at dispose', async () => {
    const failing = await fetch(`${api}/control/fail-next-token`, { method: 'POST' });
    check(failing.ok, `POST /control/fail-next-token answered ${failing.status}`);
    const before = await stats();
    const discovered = createTokenManager({
      issuer: idp,
      clientId: config.client.id,
      clientSecret: config.client.secret,
    });
    try {
      const token = await discovered.getAccessToken();
      const after = await stats();
      const lookups = after.discoveryRequests - before.discoveryRequests;
      check(lookups === 1, `${lookups} discovery requests, expected 1`);
      const requests = after.tokenRequests - before.tokenRequests;
      check(requests === 2, `${requests} token requests, expected 2 (a 503, then a retry)`);
      const response = await bearerFetch(discovered, { origins: [api] })(`${api}/api/data?req=s7`);
      const body = (await response.json()) as { token?: string };
      check(response.status === 200 && body.token === token, `GET answered ${response.status}`);
    } finally {
      await discovered.dispose();
    }
    const after = await stats();
    const revocations = after.revocations - before.revocations;
    check(revocations === 1, `${revocations} revocations at dispose, expected 1 (discovered)`);
    return 'discovery, 503 retried once, revoked at dispose';
  });

  const passed = steps.filter((s) => s.ok).length;
  const failures = steps.filter((s) => !s.ok).map((s) => `step ${s.step}: ${s.detail}`);
  const summary = `runtime ${config.runtime}: ${passed}/${steps.length} steps ok (${[...facts, ...failures].join('; ')})`;
  log(summary);
  return {
    runtime: config.runtime,
    userAgent: globalThis.navigator?.userAgent ?? 'unknown',
    ok: passed === steps.length,
    steps,
    summary,
  };
}
