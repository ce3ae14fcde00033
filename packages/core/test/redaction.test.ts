import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createTokenManager,
  type TokenManagerEvent,
  type TokenManagerOptions,
} from '../src/index.ts';
import { type Reply, scriptedEndpoint } from './scripted-endpoint.ts';

const CLIENT_SECRET = 'cs-Zq8vW3nP0xK';
const PASSWORD = 'pw-Hj7tR2mB9sL';
const ACCESS = 'at-Yk4cN6fD1gQ';
const REFRESH = 'rt-Vb5eX8wA3uM';
const secrets = [CLIENT_SECRET, PASSWORD, ACCESS, REFRESH];
const echo = `${CLIENT_SECRET} ${PASSWORD} ${ACCESS} ${REFRESH} ${encodeURIComponent(CLIENT_SECRET)}`;

let logged: string[] = [];
beforeEach(() => {
  logged = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((arg) => inspect(arg)).join(' '));
    });
  }
});
afterEach(() => {
  vi.restoreAllMocks();
});

function everythingVisible(error: unknown, events: TokenManagerEvent[], manager: object): string {
  const e = error as Error;
  return [
    e.message,
    e.stack,
    String(e),
    JSON.stringify(e),
    inspect(e, { depth: 10, showHidden: true }),
    JSON.stringify(events),
    inspect(events, { depth: 10 }),
    JSON.stringify(manager),
    inspect(manager, { depth: 10, showHidden: true }),
    String(manager),
    ...logged,
  ].join('\n');
}

// The first answer grants a token (so the manager holds an access and a refresh token), the rest are hostile.
const hostile: Array<[string, (request: { params: URLSearchParams }) => Reply]> = [
  [
    'an OAuth error echoing every secret in error_description',
    () => ({ status: 400, body: { error: 'invalid_grant', error_description: echo } }),
  ],
  ['an OAuth error echoing the secrets in `error`', () => ({ status: 401, body: { error: echo } })],
  ['a 2xx HTML page with the secrets in it', () => ({ status: 200, body: `<html>${echo}</html>` })],
  [
    'a token_type that is a secret',
    () => ({ status: 200, body: { access_token: ACCESS, token_type: PASSWORD } }),
  ],
  [
    'a DPoP token',
    () => ({ status: 200, body: { access_token: ACCESS, token_type: 'DPoP', expires_in: 60 } }),
  ],
  [
    'an absurd expires_in',
    () => ({ status: 200, body: { access_token: ACCESS, token_type: 'Bearer', expires_in: 1e15 } }),
  ],
  ['a 500 page with the secrets', () => ({ status: 500, body: echo })],
];

describe('no secret or token in any error, event, log or description of the manager', () => {
  it.each(hostile)('holds for %s', async (_name, reply) => {
    const events: TokenManagerEvent[] = [];
    const server = scriptedEndpoint((request, index) =>
      index === 0
        ? {
            body: {
              access_token: ACCESS,
              token_type: 'Bearer',
              expires_in: 3600,
              refresh_token: REFRESH,
            },
          }
        : reply(request),
    );
    const tokens = createTokenManager({
      tokenEndpoint: 'https://idp.example.test/token',
      clientId: 'client-1',
      clientSecret: CLIENT_SECRET,
      grant: { type: 'password', username: 'alice', password: PASSWORD },
      fetch: server.fetch,
      retry: { retries: 0 },
      onEvent: (event) => events.push(event),
    });
    expect(await tokens.getAccessToken()).toBe(ACCESS);
    tokens.invalidate(ACCESS);
    const error = await tokens.getAccessToken().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const visible = everythingVisible(error, events, tokens);
    for (const secret of secrets) expect(visible).not.toContain(secret);
  });

  it('holds for a network error whose message carries the query-style URL', async () => {
    const events: TokenManagerEvent[] = [];
    const fetch = (async (url: string) => {
      throw new Error(`connect failed: ${url}`, { cause: new Error(url) });
    }) as unknown as typeof globalThis.fetch;
    const tokens = createTokenManager({
      tokenEndpoint: 'https://idp.example.test/token',
      clientId: 'client-1',
      clientSecret: CLIENT_SECRET,
      requestStyle: 'query',
      fetch,
      retry: { retries: 0 },
      onEvent: (event) => events.push(event),
    });
    const error = await tokens.getAccessToken().catch((e: unknown) => e);
    const visible = everythingVisible(error, events, tokens);
    expect(visible).not.toContain(CLIENT_SECRET);
    expect(visible).not.toContain('client_secret=');
  });

  it('holds for a failing logout that echoes the refresh token', async () => {
    const events: TokenManagerEvent[] = [];
    const server = scriptedEndpoint((request) =>
      request.params.has('grant_type')
        ? { body: { access_token: ACCESS, token_type: 'bearer', refresh_token: REFRESH } }
        : {
            status: 400,
            body: { error: 'invalid_request', error_description: `bad token ${REFRESH}` },
          },
    );
    const options: TokenManagerOptions = {
      tokenEndpoint: 'https://idp.example.test/token',
      clientId: 'ocp',
      grant: { type: 'password', username: 'alice', password: PASSWORD },
      logout: { kind: 'keycloak', endpoint: 'https://idp.example.test/logout' },
      fetch: server.fetch,
      onEvent: (event) => events.push(event),
    };
    const tokens = createTokenManager(options);
    await tokens.getAccessToken();
    const error = await tokens.dispose().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_TOKEN_ENDPOINT', error: 'invalid_request' });
    const visible = everythingVisible(error, events, tokens);
    for (const secret of secrets) expect(visible).not.toContain(secret);
  });

  it('holds for a server that echoes the client assertion and the DPoP proof it received', async () => {
    const { generateKeyPair, exportJWK } = await import('jose');
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(privateKey);
    const events: TokenManagerEvent[] = [];
    const seen: string[] = [];
    const server = scriptedEndpoint((request) => {
      const assertion = request.params.get('client_assertion') ?? '';
      const proof = request.headers.get('dpop') ?? '';
      seen.push(assertion, proof);
      return {
        status: 400,
        body: { error: 'invalid_client', error_description: `bad ${assertion} and ${proof}` },
      };
    });
    const tokens = createTokenManager({
      tokenEndpoint: 'https://idp.example.test/token',
      clientId: 'client-1',
      privateKey: jwk,
      dpop: true,
      fetch: server.fetch,
      onEvent: (event) => events.push(event),
    });
    const error = await tokens.getAccessToken().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_TOKEN_ENDPOINT', error: 'invalid_client' });
    const visible = everythingVisible(error, events, tokens);
    for (const value of seen.filter(Boolean)) expect(visible).not.toContain(value);
    expect(visible).not.toContain(String(jwk.d));
  });

  it('describes the manager without secrets', () => {
    const tokens = createTokenManager({
      tokenEndpoint: 'https://idp.example.test/token',
      clientId: 'client-1',
      clientSecret: CLIENT_SECRET,
      grant: { type: 'password', username: 'alice', password: PASSWORD },
    });
    const visible = [
      JSON.stringify(tokens),
      inspect(tokens, { showHidden: true, depth: 5 }),
      String(tokens),
    ].join('\n');
    expect(visible).toContain('client-1');
    for (const secret of secrets) expect(visible).not.toContain(secret);
  });
});
