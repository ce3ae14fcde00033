import type { Upstream } from './upstream.ts';

/** A web-standard handler: the shape Hono, Next.js route handlers, Deno.serve, Bun.serve and Workers take. */
export type Handler = (request: Request) => Promise<Response>;

/**
 * The app: `GET /dashboard` shows what the API says. It knows nothing of
 * tokens; `upstream.fetch` adds them.
 */
export function createApp(upstream: Upstream, apiUrl: string): Handler {
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (request.method !== 'GET' || pathname !== '/dashboard') {
      return new Response('Not Found', { status: 404 });
    }
    let response: Response;
    try {
      response = await upstream.fetch(apiUrl, { signal: request.signal });
    } catch (error) {
      // No token (the OAuth server refused or is down) or no API: the visitor gets a 502, not a crash.
      const code = (error as { code?: unknown } | null)?.code;
      return Response.json({ error: 'upstream_unavailable', code }, { status: 502 });
    }
    if (!response.ok) {
      await response.body?.cancel();
      return Response.json({ error: 'upstream_failed', status: response.status }, { status: 502 });
    }
    return Response.json({ upstream: await response.json() });
  };
}
