import type { ClientAuthentication, RequestStyle } from './options.ts';
import type { TokenRequest } from './token-endpoint-client.ts';

/** How this client identifies itself and shapes its requests: settled once from the options. */
export interface ClientProfile {
  clientId: string;
  clientSecret: string | undefined;
  clientAuthentication: ClientAuthentication;
  requestStyle: RequestStyle;
  scope: string | undefined;
  audience: string | undefined;
  params: Record<string, string>;
  /** JWT client authentication (RFC 7523 §2.2): a fresh assertion's parameters for each call. */
  assertion?: (() => Promise<Params>) | undefined;
}

export type Params = Array<[name: string, value: string]>;

/** An HTTP request to an authorization server endpoint, before it is sent. */
export interface EndpointRequest {
  url: string;
  init: RequestInit & { headers: Record<string, string> };
}

/** A value as `application/x-www-form-urlencoded` writes it (spaces as `+`): RFC 6749 §2.3.1 and Appendix B. */
export const formEncode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);

/**
 * Client authentication (RFC 6749 §2.3.1): `client_secret_basic` puts the
 * form-encoded id and secret in a Basic header; `client_secret_post` puts both
 * in the parameters; `none` sends the `client_id` alone; the JWT methods
 * (RFC 7523 §2.2) send `client_id` and a fresh assertion.
 */
export async function clientAuth({
  clientAuthentication: method,
  clientId,
  clientSecret,
  assertion,
}: ClientProfile): Promise<{ params: Params; headers: Record<string, string> }> {
  if (method === 'client_secret_basic') {
    const credentials = `${formEncode(clientId)}:${formEncode(clientSecret ?? '')}`;
    return { params: [], headers: { authorization: `Basic ${btoa(credentials)}` } };
  }
  const params: Params = [['client_id', clientId]];
  if (method === 'client_secret_post' && clientSecret !== undefined) {
    params.push(['client_secret', clientSecret]);
  }
  if (assertion) params.push(...(await assertion()));
  return { params, headers: {} };
}

/**
 * Builds a token request in the client's style. Parameter order follows the
 * grant first, then the client, then scope, audience and extras, which matches
 * the seed providers' documents. The `json` and `query` styles are loaded only
 * by the clients that use them.
 */
export async function buildTokenRequest(
  endpoint: URL,
  request: TokenRequest,
  client: ClientProfile,
): Promise<EndpointRequest> {
  const { params: auth, headers } = await clientAuth(client);
  const params: Params = [...request.grant, ...auth];
  // A refresh of the manager's own set keeps the scope and audience of the original grant (RFC 6749 §6).
  for (const name of request.withTokenParams ? (['scope', 'audience'] as const) : []) {
    const value = client[name];
    if (value !== undefined) params.push([name, value]);
  }
  params.push(...Object.entries(client.params));
  const style = client.requestStyle;
  return style === 'form'
    ? buildFormRequest(endpoint, params, headers)
    : (await import('./request-styles.ts')).buildStyledRequest(style, endpoint, params, headers);
}

/** A form-encoded POST, as RFC 6749 token requests and RFC 7009 revocations are. */
export function buildFormRequest(
  endpoint: URL,
  params: Params,
  headers: Record<string, string> = {},
): EndpointRequest {
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
