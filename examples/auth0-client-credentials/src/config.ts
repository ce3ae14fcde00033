/** Which tenant and API the example uses. */
export interface Auth0Config {
  /** `https://{tenant}.auth0.com/oauth/token`, or your custom domain's. */
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  /** The API identifier the token is for; Auth0 refuses a client-credentials request without one. */
  audience: string;
  /** A GET endpoint of that API; without it the example only gets a token. */
  apiUrl: string | undefined;
}

/**
 * Reads a real tenant's settings from the environment.
 * @returns `undefined` when `TOKEN_ENDPOINT` is not set (the example then starts a local fixture)
 * @throws Error naming the first variable that is missing
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Auth0Config | undefined {
  const tokenEndpoint = env.TOKEN_ENDPOINT;
  if (!tokenEndpoint) return undefined;
  return {
    tokenEndpoint,
    clientId: required(env, 'CLIENT_ID'),
    clientSecret: required(env, 'CLIENT_SECRET'),
    audience: required(env, 'AUDIENCE'),
    apiUrl: env.API_URL || undefined,
  };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} must be set when TOKEN_ENDPOINT is`);
  return value;
}
