import { SignJWT } from 'jose';

/** One request as the scripted endpoint saw it. */
export interface SeenRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
  params: URLSearchParams;
}

export type Reply = {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
};
export type Script = (request: SeenRequest, index: number) => Reply | Promise<Reply>;

/**
 * A token endpoint as an injected `fetch`: every call is recorded and answered
 * by `script`, so engine tests can count requests exactly and run on fake timers.
 * (Integration tests use the real servers of @tokenkeeper/test-utils instead.)
 */
export function scriptedEndpoint(script: Script) {
  const requests: SeenRequest[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    const body = typeof init?.body === 'string' ? init.body : '';
    const params =
      headers.get('content-type') === 'application/json'
        ? new URLSearchParams(JSON.parse(body) as Record<string, string>)
        : new URLSearchParams(init?.method === 'GET' ? url.search : body);
    const seen: SeenRequest = { method: init?.method ?? 'GET', url, headers, body, params };
    requests.push(seen);
    const reply = await script(seen, requests.length - 1);
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
    const status = reply.status ?? 200;
    return new Response(status === 204 || status === 304 ? null : text, {
      status,
      headers: { 'content-type': 'application/json', ...reply.headers },
    });
  };
  return {
    fetch: fetch as typeof globalThis.fetch,
    requests,
    count: (grant?: string) =>
      grant === undefined
        ? requests.length
        : requests.filter((r) => r.params.get('grant_type') === grant).length,
  };
}

let serial = 0;

/** A token response with an opaque access token, unique per call. */
export function tokenReply(extra: Record<string, unknown> = {}): Reply {
  serial += 1;
  return {
    body: { access_token: `opaque-${serial}`, token_type: 'Bearer', expires_in: 3600, ...extra },
  };
}

const key = new TextEncoder().encode('test-signing-key-test-signing-key');

/** A signed JWT access token (HS256; nothing in the client verifies it). */
export async function jwt(claims: {
  exp?: number;
  iat?: number;
  [claim: string]: unknown;
}): Promise<string> {
  serial += 1;
  return new SignJWT({ jti: `jti-${serial}`, ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(key);
}

export const endpoint = 'https://idp.example.test/oauth/token';
