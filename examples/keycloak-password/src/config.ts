/** Where the example logs in, and what it calls. */
export interface KeycloakConfig {
  /** `{host}/auth/realms/{realm}/protocol/openid-connect/token` */
  tokenEndpoint: string;
  /** `{host}/auth/realms/{realm}/protocol/openid-connect/logout` */
  logoutEndpoint: string;
  /** A public client such as `ocp`: Keycloak's password grant then needs no client secret. */
  clientId: string;
  username: string;
  password: string;
  /** A GET endpoint of the API to call; without it the example logs in, refreshes and logs out only. */
  apiUrl: string | undefined;
}

/**
 * Reads a real Keycloak's settings from the environment.
 * @returns `undefined` when `TOKEN_ENDPOINT` is not set (the example then starts a local fixture)
 * @throws Error naming the first variable that is missing
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): KeycloakConfig | undefined {
  const tokenEndpoint = env.TOKEN_ENDPOINT;
  if (!tokenEndpoint) return undefined;
  return {
    tokenEndpoint,
    // Keycloak's logout endpoint sits beside its token endpoint.
    logoutEndpoint: env.LOGOUT_ENDPOINT || tokenEndpoint.replace(/\/token$/, '/logout'),
    clientId: required(env, 'CLIENT_ID'),
    username: required(env, 'USERNAME'),
    password: required(env, 'PASSWORD'),
    apiUrl: env.API_URL || undefined,
  };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} must be set when TOKEN_ENDPOINT is`);
  return value;
}
