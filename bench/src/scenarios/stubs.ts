import http from 'node:http';
import { Readable } from 'node:stream';
import axios, { AxiosHeaders, type InternalAxiosRequestConfig } from 'axios';

const API_BODY = '{"ok":true,"data":[1,2,3]}';
const JSON_TYPE = 'application/json';

/**
 * Replaces the network with in-process stubs that answer at once, 200 with a canned body: the
 * token endpoint's JSON (a token valid for an hour) for URLs under `tokenEndpoint`, the API's
 * JSON for everything else. Each client keeps its whole pipeline (hooks, interceptors, body
 * parsing); only the transport underneath is gone:
 * - `globalThis.fetch`: fetch, ky, OAuth2Fetch, and every token manager's token requests;
 * - axios's default adapter (`axios.defaults.adapter`), which instances created later inherit;
 * - `http.request`, which got calls for every `http:` URL without a `request` option: the stub
 *   returns a readable response (status, headers, body) instead of a `ClientRequest`, the path
 *   got takes for an answer from its cache, so no socket is opened and every hook still runs.
 */
export function installStubs(tokenEndpoint: string, token: string): void {
  const tokenBody = JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 });
  const bodyFor = (url: string) => (url.startsWith(tokenEndpoint) ? tokenBody : API_BODY);

  globalThis.fetch = async (input: RequestInfo | URL) => {
    const url = input instanceof Request ? input.url : String(input);
    return new Response(bodyFor(url), { status: 200, headers: { 'content-type': JSON_TYPE } });
  };

  axios.defaults.adapter = async (config: InternalAxiosRequestConfig) => ({
    data: bodyFor(String(config.url ?? '')), // axios's own transformResponse parses it
    status: 200,
    statusText: 'OK',
    headers: new AxiosHeaders({ 'content-type': JSON_TYPE }),
    config,
    request: {},
  });

  (http as { request: unknown }).request = (url: URL | string) => {
    const body = Buffer.from(bodyFor(String(url)));
    const response = Object.assign(new Readable({ read() {} }), {
      statusCode: 200,
      statusMessage: 'OK',
      headers: { 'content-type': JSON_TYPE, 'content-length': String(body.length) },
      url: String(url),
      complete: true,
    });
    response.push(body);
    response.push(null);
    return response;
  };
}
