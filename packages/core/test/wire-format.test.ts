import { describe, expect, it } from 'vitest';
import { createTokenManager } from '../src/index.ts';
import { scriptedEndpoint, tokenReply } from './scripted-endpoint.ts';

describe('request styles and client authentication', () => {
  it('form (default): POST x-www-form-urlencoded with client_secret_post', async () => {
    const server = scriptedEndpoint(() => tokenReply());
    const tokens = createTokenManager({
      tokenEndpoint: 'https://idp.example.test/token',
      clientId: 'svc',
      clientSecret: 'sec ret&=',
      scope: 'read write',
      params: { resource: 'https://api.example.test' },
      fetch: server.fetch,
    });
    await tokens.getAccessToken();
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(request?.body).toBe(
      'grant_type=client_credentials&client_id=svc&client_secret=sec+ret%26%3D&scope=read+write&resource=https%3A%2F%2Fapi.example.test',
    );
  });

  it('json: POST application/json with audience, as Auth0 documents it', async () => {
    const server = scriptedEndpoint(() => tokenReply());
    const tokens = createTokenManager({
      tokenEndpoint: 'https://tenant.example.test/oauth/token',
      clientId: 'YOUR_CLIENT_ID',
      clientSecret: 'YOUR_CLIENT_SECRET',
      audience: 'https://api.walr.com',
      requestStyle: 'json',
      fetch: server.fetch,
    });
    await tokens.getAccessToken();
    const [request] = server.requests;
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      client_id: 'YOUR_CLIENT_ID',
      client_secret: 'YOUR_CLIENT_SECRET',
      audience: 'https://api.walr.com',
      grant_type: 'client_credentials',
    });
  });

  it('query: GET with every parameter in the query string and no body', async () => {
    const server = scriptedEndpoint(() => tokenReply());
    const tokens = createTokenManager({
      tokenEndpoint: 'https://app.example.test/authorization/oauth/token',
      clientId: 'id1',
      clientSecret: 'sec1',
      requestStyle: 'query',
      scope: 'Scope',
      fetch: server.fetch,
    });
    await tokens.getAccessToken();
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    expect(request?.body).toBe('');
    expect(`${request?.url.pathname}${request?.url.search}`).toBe(
      '/authorization/oauth/token?grant_type=client_credentials&client_id=id1&client_secret=sec1&scope=Scope',
    );
  });

  it('client_secret_basic: form-encoded id and secret in a Basic header, not in the body (RFC 6749 §2.3.1)', async () => {
    const server = scriptedEndpoint(() => tokenReply());
    const tokens = createTokenManager({
      tokenEndpoint: 'https://idp.example.test/token',
      clientId: 'my client',
      clientSecret: 'p:ss',
      clientAuthentication: 'client_secret_basic',
      fetch: server.fetch,
    });
    await tokens.getAccessToken();
    const [request] = server.requests;
    expect(request?.headers.get('authorization')).toBe(`Basic ${btoa('my+client:p%3Ass')}`);
    expect(request?.body).toBe('grant_type=client_credentials');
  });

  it('public client: client_id alone, password grant in Keycloak order', async () => {
    const server = scriptedEndpoint(() => tokenReply());
    const tokens = createTokenManager({
      tokenEndpoint: 'https://kc.example.test/auth/realms/master/protocol/openid-connect/token',
      clientId: 'ocp',
      grant: { type: 'password', username: 'alice', password: 'wonder land' },
      fetch: server.fetch,
    });
    await tokens.getAccessToken();
    expect(server.requests[0]?.body).toBe(
      'grant_type=password&username=alice&password=wonder+land&client_id=ocp',
    );
  });

  it('sends neither scope nor audience again on a refresh (RFC 6749 §6)', async () => {
    const server = scriptedEndpoint(() => tokenReply({ refresh_token: 'rt' }));
    const tokens = createTokenManager({
      tokenEndpoint: 'https://idp.example.test/token',
      clientId: 'c',
      clientSecret: 'secret-1',
      scope: 'a b',
      audience: 'api',
      fetch: server.fetch,
    });
    tokens.invalidate(await tokens.getAccessToken());
    await tokens.getAccessToken();
    expect(server.requests[1]?.body).toBe(
      'grant_type=refresh_token&refresh_token=rt&client_id=c&client_secret=secret-1',
    );
  });

  it('never follows a redirect from the token endpoint (it would resend the secret)', async () => {
    const seen: RequestInit[] = [];
    const fetch = (async (_url: string, init: RequestInit) => {
      seen.push(init);
      return new Response(null, {
        status: 302,
        headers: { location: 'https://evil.example.test/' },
      });
    }) as unknown as typeof globalThis.fetch;
    const tokens = createTokenManager({
      tokenEndpoint: 'https://idp.example.test/token',
      clientId: 'c',
      clientSecret: 'secret-1',
      fetch,
    });
    await expect(tokens.getAccessToken()).rejects.toMatchObject({ status: 302 });
    expect(seen[0]?.redirect).toBe('manual');
  });
});
