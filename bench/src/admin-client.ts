import type { BenchServerInfo, ClientStats } from './server/bench-server.ts';

/** The benchmark server's `/__admin/*` routes, for one client id. */
export interface AdminClient {
  stats(): Promise<ClientStats>;
  /** Sets the access-token lifetime issued to this client id. */
  register(ttlSeconds: number): Promise<void>;
  /** Revokes every token issued to this client id so far. */
  revoke(): Promise<void>;
  /** Answers this client's token requests with `status` between `from` and `until` (epoch ms). */
  outage(from: number, until: number, status?: number): Promise<void>;
  forget(): Promise<void>;
}

/** Admin calls use the global fetch (another origin than the API, and few of them). */
export function createAdminClient(server: BenchServerInfo, clientId: string): AdminClient {
  const call = async (method: string, route: string, body?: object): Promise<unknown> => {
    const url = new URL(`/__admin/${route}`, server.tokenOrigin);
    url.searchParams.set('c', clientId);
    const response = await fetch(url, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify({ clientId, ...body }) : undefined,
    });
    if (!response.ok) throw new Error(`admin ${route} answered ${response.status}`);
    return response.json();
  };
  return {
    stats: async () => (await call('GET', 'stats')) as ClientStats,
    register: async (ttlSeconds) => void (await call('POST', 'client', { ttlSeconds })),
    revoke: async () => void (await call('POST', 'revoke', {})),
    outage: async (from, until, status = 500) =>
      void (await call('POST', 'outage', { from, until, status })),
    forget: async () => void (await call('POST', 'forget', {})),
  };
}

/** Gets a long-lived token for the floors' static header (under a client id of its own). */
export async function fetchStaticToken(server: BenchServerInfo, clientId: string): Promise<string> {
  const response = await fetch(server.tokenEndpoint, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: server.clientSecret,
    }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`static token request answered ${response.status}`);
  return body.access_token;
}
