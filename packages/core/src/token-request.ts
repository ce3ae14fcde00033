import type { ClientAuthentication, RequestStyle } from './options.ts';

/** How this client identifies itself and shapes its requests: settled once from the options. */
export interface ClientProfile {
  clientId: string;
  clientSecret: string | undefined;
  clientAuthentication: ClientAuthentication;
  requestStyle: RequestStyle;
  scope: string | undefined;
  audience: string | undefined;
  params: Record<string, string>;
}

export type Params = Array<[name: string, value: string]>;

/**
 * Client authentication (RFC 6749 §2.3.1): `client_secret_basic` puts the
 * form-encoded id and secret in a Basic header; `client_secret_post` puts both
 * in the parameters; `none` sends the `client_id` alone.
 */
export function clientAuth(client: ClientProfile): {
  params: Params;
  headers: Record<string, string>;
} {
  if (client.clientAuthentication === 'client_secret_basic') {
    const encode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
    const credentials = `${encode(client.clientId)}:${encode(client.clientSecret ?? '')}`;
    return { params: [], headers: { authorization: `Basic ${btoa(credentials)}` } };
  }
  const params: Params = [['client_id', client.clientId]];
  if (client.clientAuthentication === 'client_secret_post' && client.clientSecret !== undefined) {
    params.push(['client_secret', client.clientSecret]);
  }
  return { params, headers: {} };
}

/**
 * Builds a token request in the client's style. Parameter order follows the
 * grant first, then the client, then scope, audience and extras, which matches
 * the seed providers' documents.
 */
export function buildTokenRequest(
  endpoint: URL,
  grantParams: Params,
  client: ClientProfile,
  { refresh = false } = {},
): { url: string; init: RequestInit } {
  const auth = clientAuth(client);
  const params: Params = [...grantParams, ...auth.params];
  // A refresh keeps the scope and audience of the original grant (RFC 6749 §6): not sent again.
  if (!refresh && client.scope !== undefined) params.push(['scope', client.scope]);
  if (!refresh && client.audience !== undefined) params.push(['audience', client.audience]);
  params.push(...Object.entries(client.params));

  const headers: Record<string, string> = { accept: 'application/json', ...auth.headers };
  if (client.requestStyle === 'query') {
    const url = new URL(endpoint);
    for (const [name, value] of params) url.searchParams.append(name, value);
    return { url: url.href, init: { method: 'GET', headers } };
  }
  if (client.requestStyle === 'json') {
    headers['content-type'] = 'application/json';
    return {
      url: endpoint.href,
      init: { method: 'POST', headers, body: JSON.stringify(Object.fromEntries(params)) },
    };
  }
  return buildFormRequest(endpoint, params, headers);
}

/** A form-encoded POST, as RFC 6749 token requests and RFC 7009 revocations are. */
export function buildFormRequest(
  endpoint: URL,
  params: Params,
  headers: Record<string, string> = {},
): { url: string; init: RequestInit } {
  return {
    url: endpoint.href,
    init: {
      method: 'POST',
      headers: {
        accept: 'application/json',
        ...headers,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(params).toString(),
    },
  };
}
