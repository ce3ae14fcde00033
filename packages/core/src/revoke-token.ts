import { secureEndpoint } from './endpoint-security.ts';
import { InvalidOptionsError } from './errors.ts';
import { kit } from './kit.ts';
import type { ClientAuthentication } from './options.ts';
import { createRedactor } from './redact.ts';

/** Options of {@link revokeToken}. */
export interface RevokeTokenOptions {
  /** The RFC 7009 revocation endpoint. */
  endpoint: string | URL;
  clientId: string;
  clientSecret?: string | undefined;
  /** @default 'client_secret_post' with a `clientSecret`, else 'none' */
  clientAuthentication?: 'client_secret_post' | 'client_secret_basic' | 'none';
  /** The token to revoke. */
  token: string;
  /** @default 'refresh_token' */
  tokenTypeHint?: 'refresh_token' | 'access_token';
  fetch?: typeof fetch;
  /** @default 10000 */
  timeoutMs?: number;
  /** @default false */
  allowInsecureHttp?: boolean;
}

/**
 * Revokes one token at an RFC 7009 endpoint
 * (@see https://www.rfc-editor.org/rfc/rfc7009#section-2.1), outside any
 * manager: for tools and scripts that hold a token of their own. A manager
 * revokes what it holds by itself on `dispose()`.
 *
 * @throws InvalidOptionsError, InsecureEndpointError, or TokenEndpointError when the server refuses.
 * @example
 * await revokeToken({ endpoint: 'https://idp.example.com/oauth/revoke', clientId: 'cli', token: refreshToken });
 */
export async function revokeToken(options: RevokeTokenOptions): Promise<void> {
  const endpoint = secureEndpoint('endpoint', options.endpoint, options.allowInsecureHttp === true);
  for (const name of ['clientId', 'token'] as const) {
    if (typeof options[name] !== 'string' || options[name].length === 0) {
      throw new InvalidOptionsError(name, 'expected a non-empty string');
    }
  }
  const clientAuthentication: ClientAuthentication =
    options.clientAuthentication ??
    (options.clientSecret === undefined ? 'none' : 'client_secret_post');
  const hint = options.tokenTypeHint ?? 'refresh_token';
  // The request code is loaded by the call: importing this function costs a page next to nothing.
  const { endSession } = await import('./end-session.ts');
  await endSession(
    kit,
    hint === 'refresh_token'
      ? { accessToken: '', refreshToken: options.token }
      : { accessToken: options.token },
    {
      kind: 'revocation',
      endpoint,
      client: {
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        clientAuthentication,
        requestStyle: 'form',
        scope: undefined,
        audience: undefined,
        params: {},
      },
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      timeoutMs: options.timeoutMs ?? 10_000,
      redact: createRedactor(() => [options.clientSecret, options.token]),
    },
  );
}
