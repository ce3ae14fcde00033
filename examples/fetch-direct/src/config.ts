/** The OAuth server and the API the app calls. */
export interface UpstreamConfig {
  /** An OIDC / RFC 8414 issuer: its metadata gives the token and revocation endpoints. Give this or `tokenEndpoint`. */
  issuer: string | undefined;
  tokenEndpoint: string | undefined;
  /** RFC 7009 revocation endpoint for shutdown, when there is no issuer to discover it from. */
  revocationEndpoint: string | undefined;
  clientId: string;
  clientSecret: string;
  scope: string | undefined;
  audience: string | undefined;
  /** The GET endpoint of the API behind the app's `/dashboard`. */
  apiUrl: string;
}

/**
 * Reads a real provider's settings from the environment.
 * @returns `undefined` when neither `ISSUER` nor `TOKEN_ENDPOINT` is set (the example then starts a local server)
 * @throws Error naming the first variable that is missing
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): UpstreamConfig | undefined {
  if (!env.ISSUER && !env.TOKEN_ENDPOINT) return undefined;
  return {
    issuer: env.ISSUER || undefined,
    tokenEndpoint: env.ISSUER ? undefined : env.TOKEN_ENDPOINT,
    revocationEndpoint: env.REVOCATION_ENDPOINT || undefined,
    clientId: required(env, 'CLIENT_ID'),
    clientSecret: required(env, 'CLIENT_SECRET'),
    scope: env.SCOPE || undefined,
    audience: env.AUDIENCE || undefined,
    apiUrl: required(env, 'API_URL'),
  };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} must be set when ISSUER or TOKEN_ENDPOINT is`);
  return value;
}
