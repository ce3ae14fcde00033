import axios, { AxiosHeaders, type InternalAxiosRequestConfig } from 'axios';
import { apiPath, noteFailure, type Scenario } from './context.ts';

const API_BODY = '{"ok":true,"data":[1,2,3]}';

/**
 * Replaces the network with in-process stubs, so that the CPU a middleware adds per request
 * is not buried in socket and scheduler noise: `globalThis.fetch` (fetch, ky, OAuth2Fetch and
 * every token manager) and axios's default adapter answer at once, with a token for the
 * token endpoint and the API's JSON for everything else. got has no transport that can be
 * stubbed without bypassing its hook pipeline, so it does not take part.
 */
function installStubs(tokenEndpoint: string, token: string): void {
  const tokenBody = JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 });
  const json = { 'content-type': 'application/json' };
  globalThis.fetch = async (input: RequestInfo | URL) => {
    const url = input instanceof Request ? input.url : String(input);
    return new Response(url.startsWith(tokenEndpoint) ? tokenBody : API_BODY, {
      status: 200,
      headers: json,
    });
  };
  axios.defaults.adapter = async (config: InternalAxiosRequestConfig) => {
    const url = String(config.url ?? '');
    const data = JSON.parse(url.startsWith(tokenEndpoint) ? tokenBody : API_BODY) as unknown;
    return {
      data,
      status: 200,
      statusText: 'OK',
      headers: new AxiosHeaders(json),
      config,
      request: {},
    };
  };
}

/**
 * Middleware CPU per request with the network stubbed out: one client holding a token sends
 * `requests` sequential GETs; CPU time of the process per request (user + system).
 */
export const overhead: Scenario = async ({ setup, target, params }) => {
  installStubs(target.tokenEndpoint, target.staticToken);
  const client = setup(target);
  const path = apiPath(target.clientId);
  const warmup = params.warmup ?? 5_000;
  for (let i = 0; i < warmup; i += 1) await client.get(path);
  const count = params.requests ?? 20_000;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let failures = 0;
  for (let i = 0; i < count; i += 1) {
    const status = await client.get(path);
    if (status !== 200) {
      failures += 1;
      noteFailure(status);
    }
  }
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    requests: count,
    failures,
    cpuUsPerReq: (cpu.user + cpu.system) / count,
    wallUsPerReq: (elapsedMs * 1000) / count,
  };
};
