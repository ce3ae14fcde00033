import type { HttpResult } from './http-call.ts';
import type { Kit } from './kit.ts';
import type { Redactor } from './redact.ts';

/** The endpoints a manager talks to. */
export interface ServerEndpoints {
  tokenEndpoint: URL;
  revocationEndpoint?: URL | undefined;
  endSessionEndpoint?: URL | undefined;
}

export interface DiscoveryContext {
  fetch: typeof fetch;
  timeoutMs: number;
  allowInsecureHttp: boolean;
  redact: Redactor;
}

/**
 * Reads the issuer's metadata: OpenID Connect Discovery first
 * (`{issuer}/.well-known/openid-configuration`), then RFC 8414
 * (`{origin}/.well-known/oauth-authorization-server{path}`, @see https://www.rfc-editor.org/rfc/rfc8414#section-3).
 * The document's `issuer` must equal the configured one (RFC 8414 §3.3), and
 * every endpoint in it passes the same https rule as configured endpoints.
 */
export async function discoverEndpoints(
  kit: Kit,
  issuer: URL,
  context: DiscoveryContext,
): Promise<ServerEndpoints> {
  const base = issuer.href.replace(/\/$/, '');
  const path = issuer.pathname === '/' ? '' : issuer.pathname.replace(/\/$/, '');
  const candidates = [
    `${base}/.well-known/openid-configuration`,
    `${issuer.origin}/.well-known/oauth-authorization-server${path}`,
  ];
  let response: HttpResult | undefined;
  for (const url of candidates) {
    response = await kit.httpCall({
      url,
      init: { method: 'GET', headers: { accept: 'application/json' } },
      fetch: context.fetch,
      timeoutMs: context.timeoutMs,
      label: 'Discovery endpoint',
      redact: context.redact,
    });
    if (response.status === 200)
      return readMetadata(kit, response.body, base, context.allowInsecureHttp);
    if (response.status !== 404) break;
  }
  const { status, body } = response!;
  throw (
    kit.readOAuthError('Discovery endpoint', response!, kit.parseJson(body), context.redact) ??
    new kit.TokenEndpointError(`Discovery endpoint answered HTTP ${status}`, { status })
  );
}

function readMetadata(
  kit: Kit,
  body: string,
  issuer: string,
  allowInsecureHttp: boolean,
): ServerEndpoints {
  const metadata = kit.parseJson(body);
  if (metadata === undefined)
    throw new kit.InvalidTokenResponseError('Discovery document is not JSON');
  if (typeof metadata !== 'object' || metadata === null) {
    throw new kit.InvalidTokenResponseError('Discovery document is not a JSON object');
  }
  const doc = metadata as Record<string, unknown>;
  if (typeof doc.issuer !== 'string' || doc.issuer.replace(/\/$/, '') !== issuer) {
    throw new kit.InvalidTokenResponseError('Discovery document names another issuer', 'issuer');
  }
  if (typeof doc.token_endpoint !== 'string') {
    throw new kit.InvalidTokenResponseError(
      'Discovery document has no token_endpoint',
      'token_endpoint',
    );
  }
  const optional = (field: string) =>
    typeof doc[field] === 'string'
      ? kit.secureEndpoint(field, doc[field], allowInsecureHttp)
      : undefined;
  return {
    tokenEndpoint: kit.secureEndpoint('token_endpoint', doc.token_endpoint, allowInsecureHttp),
    revocationEndpoint: optional('revocation_endpoint'),
    endSessionEndpoint: optional('end_session_endpoint'),
  };
}
