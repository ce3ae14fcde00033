import type { Grant, TokenManagerOptions } from '@tokenkeeper/core';
import { UsageError } from './usage-error.ts';

/** The flags every command that talks to a server shares. */
export const connectionFlags = {
  'token-endpoint': { type: 'string' },
  issuer: { type: 'string' },
  'client-id': { type: 'string' },
  grant: { type: 'string' },
  username: { type: 'string' },
  style: { type: 'string' },
  auth: { type: 'string' },
  scope: { type: 'string' },
  audience: { type: 'string' },
  param: { type: 'string', multiple: true },
  'insecure-http': { type: 'boolean' },
} as const;

export type ConnectionValues = {
  [K in keyof typeof connectionFlags]?: (typeof connectionFlags)[K] extends { multiple: true }
    ? string[]
    : (typeof connectionFlags)[K] extends { type: 'boolean' }
      ? boolean
      : string;
};

type Env = Record<string, string | undefined>;

/**
 * Builds manager options from flags, falling back to `TOKENKEEPER_*` variables.
 * Secrets (the client secret, a password) come from the environment only: a
 * command line is visible to every user of the machine (`ps`) and in shell history.
 */
export function managerOptions(values: ConnectionValues, env: Env): TokenManagerOptions {
  const tokenEndpoint = values['token-endpoint'] ?? env.TOKENKEEPER_TOKEN_ENDPOINT;
  const issuer = values.issuer ?? env.TOKENKEEPER_ISSUER;
  const clientId = values['client-id'] ?? env.TOKENKEEPER_CLIENT_ID;
  if (!tokenEndpoint && !issuer)
    throw new UsageError('give --token-endpoint or --issuer (or TOKENKEEPER_TOKEN_ENDPOINT)');
  if (!clientId) throw new UsageError('give --client-id (or TOKENKEEPER_CLIENT_ID)');
  const params: Record<string, string> = {};
  for (const pair of values.param ?? []) {
    const at = pair.indexOf('=');
    if (at < 1) throw new UsageError(`--param takes name=value, got "${pair.slice(0, 40)}"`);
    params[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return {
    ...(tokenEndpoint ? { tokenEndpoint } : { issuer: issuer! }),
    clientId,
    clientSecret: env.TOKENKEEPER_CLIENT_SECRET || undefined,
    grant: grantOf(values, env),
    requestStyle: values.style as TokenManagerOptions['requestStyle'],
    clientAuthentication: values.auth as TokenManagerOptions['clientAuthentication'],
    scope: values.scope ?? env.TOKENKEEPER_SCOPE,
    audience: values.audience ?? env.TOKENKEEPER_AUDIENCE,
    params,
    allowInsecureHttp: values['insecure-http'] ?? false,
    // A token printed for a shell must outlive this process: nothing is revoked on exit.
    logout: false,
  };
}

function grantOf(values: ConnectionValues, env: Env): Grant {
  const type =
    values.grant ??
    (values.username || env.TOKENKEEPER_USERNAME ? 'password' : 'client_credentials');
  if (type === 'client_credentials') return { type };
  if (type === 'password') {
    const username = values.username ?? env.TOKENKEEPER_USERNAME;
    const password = env.TOKENKEEPER_PASSWORD;
    if (!username || !password)
      throw new UsageError('the password grant needs --username and TOKENKEEPER_PASSWORD');
    return { type, username, password };
  }
  if (type === 'refresh_token') {
    const refreshToken = env.TOKENKEEPER_REFRESH_TOKEN;
    if (!refreshToken)
      throw new UsageError('the refresh_token grant needs TOKENKEEPER_REFRESH_TOKEN');
    return { type, refreshToken };
  }
  throw new UsageError(
    `unknown --grant "${type.slice(0, 40)}": client_credentials, password or refresh_token`,
  );
}
