import { describe, expect, it } from 'vitest';
import { createTokenManager, InsecureEndpointError } from '../src/index.ts';
import { scriptedEndpoint, tokenReply } from './scripted-endpoint.ts';

const issuer = 'https://idp.example.test/tenant';

function metadata(overrides: Record<string, unknown> = {}) {
  return {
    issuer,
    token_endpoint: 'https://idp.example.test/tenant/token',
    revocation_endpoint: 'https://idp.example.test/tenant/revoke',
    ...overrides,
  };
}

describe('discovery', () => {
  it('reads the OIDC document once and uses its token and revocation endpoints', async () => {
    const server = scriptedEndpoint((request) => {
      if (request.url.pathname === '/tenant/.well-known/openid-configuration')
        return { body: metadata() };
      if (request.url.pathname === '/tenant/revoke') return { status: 200, body: '' };
      return tokenReply();
    });
    const tokens = createTokenManager({
      issuer,
      clientId: 'c',
      clientSecret: 'secret-1',
      fetch: server.fetch,
    });
    tokens.invalidate(await tokens.getAccessToken());
    await tokens.getAccessToken();
    await tokens.dispose();
    expect(server.requests.map((r) => r.url.pathname)).toEqual([
      '/tenant/.well-known/openid-configuration',
      '/tenant/token',
      '/tenant/token',
      '/tenant/revoke',
    ]);
  });

  it('falls back to RFC 8414 metadata when there is no OIDC document', async () => {
    const server = scriptedEndpoint((request) => {
      if (request.url.pathname === '/.well-known/oauth-authorization-server/tenant')
        return { body: metadata() };
      if (request.url.pathname.includes('.well-known')) return { status: 404, body: '' };
      return tokenReply();
    });
    const tokens = createTokenManager({
      issuer,
      clientId: 'c',
      clientSecret: 'secret-1',
      fetch: server.fetch,
    });
    await expect(tokens.getAccessToken()).resolves.toMatch(/^opaque-/);
  });

  it('refuses a document that names another issuer', async () => {
    const server = scriptedEndpoint(() => ({
      body: metadata({ issuer: 'https://evil.example.test' }),
    }));
    const tokens = createTokenManager({
      issuer,
      clientId: 'c',
      clientSecret: 'secret-1',
      fetch: server.fetch,
    });
    await expect(tokens.getAccessToken()).rejects.toMatchObject({
      code: 'ERR_INVALID_TOKEN_RESPONSE',
      field: 'issuer',
    });
  });

  it('refuses a discovered plain-http token endpoint', async () => {
    const server = scriptedEndpoint(() => ({
      body: metadata({ token_endpoint: 'http://idp.example.test/token' }),
    }));
    const tokens = createTokenManager({
      issuer,
      clientId: 'c',
      clientSecret: 'secret-1',
      fetch: server.fetch,
    });
    await expect(tokens.getAccessToken()).rejects.toBeInstanceOf(InsecureEndpointError);
    expect(server.count()).toBe(1);
  });

  it('tries discovery again on the next call after a failure', async () => {
    let up = false;
    const server = scriptedEndpoint((request) => {
      if (request.url.pathname.includes('.well-known'))
        return up ? { body: metadata() } : { status: 503, body: '' };
      return tokenReply();
    });
    const tokens = createTokenManager({
      issuer,
      clientId: 'c',
      clientSecret: 'secret-1',
      fetch: server.fetch,
    });
    await expect(tokens.getAccessToken()).rejects.toMatchObject({ status: 503 });
    up = true;
    await expect(tokens.getAccessToken()).resolves.toMatch(/^opaque-/);
  });
});
