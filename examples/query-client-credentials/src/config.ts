/** Which provider and API the example uses. */
export interface QueryConfig {
  /** `{base}/authorization/oauth/token`: the provider reads its parameters from the query string. */
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  /** A GET endpoint of the API; without it the example only gets a token. */
  apiUrl: string | undefined;
}

/**
 * Reads a real provider's settings from the environment.
 * @returns `undefined` when `TOKEN_ENDPOINT` is not set (the example then starts a local fixture)
 * @throws Error naming the first variable that is missing
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): QueryConfig | undefined {
  const tokenEndpoint = env.TOKEN_ENDPOINT;
  if (!tokenEndpoint) return undefined;
  return {
    tokenEndpoint,
    clientId: required(env, 'CLIENT_ID'),
    clientSecret: required(env, 'CLIENT_SECRET'),
    apiUrl: env.API_URL || undefined,
  };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} must be set when TOKEN_ENDPOINT is`);
  return value;
}
