import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTokenManager, revokeToken } from '../src/index.ts';
import { endpoint, scriptedEndpoint, tokenReply } from './scripted-endpoint.ts';

const issuer = 'https://idp.example.test/tenant';
const revokeEndpoint = 'https://idp.example.test/revoke';

// No retries: a refused call fails the test at once with its TokenEndpointError.
const retry = { retries: 0 };

const server = scriptedEndpoint((request) => {
  if (request.url.pathname === '/tenant/.well-known/openid-configuration') {
    return {
      body: {
        issuer,
        token_endpoint: endpoint,
        revocation_endpoint: revokeEndpoint,
      },
    };
  }
  if (request.url.pathname === '/revoke') return { status: 200, body: '' };
  return tokenReply();
});

// Browsers and workerd throw "Illegal invocation" when `fetch` is called with any `this`
// other than the global object or undefined (e.g. as `options.fetch(...)`); Node does not,
// so this stub does what they do. Every call of it is a call of the default fetch.
let receivers: unknown[] = [];
function strictFetch(this: unknown, input: RequestInfo | URL, init?: RequestInit) {
  receivers.push(this);
  if (this !== undefined && this !== globalThis) {
    throw new TypeError("Failed to execute 'fetch': Illegal invocation");
  }
  return server.fetch(input, init);
}

beforeEach(() => {
  server.requests.length = 0;
  receivers = [];
  vi.stubGlobal('fetch', strictFetch);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function paths(): string[] {
  return server.requests.map((request) => request.url.pathname);
}

describe('the default fetch (globalThis.fetch, no `fetch` option)', () => {
  it('is called without a foreign `this` for a token request', async () => {
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'c',
      clientSecret: 's',
      retry,
    });
    await expect(tokens.getAccessToken()).resolves.toMatch(/^opaque-/);
    expect(paths()).toEqual(['/oauth/token']);
    expect(receivers).toHaveLength(1);
    await tokens.dispose();
  });

  it('is called without a foreign `this` for discovery, the token request and the revocation at dispose', async () => {
    const tokens = createTokenManager({ issuer, clientId: 'c', clientSecret: 's', retry });
    await tokens.getAccessToken();
    await expect(tokens.dispose()).resolves.toBeUndefined();
    expect(paths()).toEqual([
      '/tenant/.well-known/openid-configuration',
      '/oauth/token',
      '/revoke',
    ]);
    expect(receivers).toHaveLength(3);
  });

  it('is called without a foreign `this` for the revocation of a configured logout', async () => {
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'c',
      clientSecret: 's',
      retry,
      logout: { kind: 'revocation', endpoint: revokeEndpoint },
    });
    await tokens.getAccessToken();
    await expect(tokens.dispose()).resolves.toBeUndefined();
    expect(paths()).toEqual(['/oauth/token', '/revoke']);
    expect(server.requests[1]!.params.get('token_type_hint')).toBe('access_token');
  });

  it('is called without a foreign `this` by revokeToken()', async () => {
    await expect(
      revokeToken({ endpoint: revokeEndpoint, clientId: 'c', clientSecret: 's', token: 'rt-1' }),
    ).resolves.toBeUndefined();
    expect(paths()).toEqual(['/revoke']);
    expect(server.requests[0]!.params.get('token')).toBe('rt-1');
    expect(receivers).toHaveLength(1);
  });
});
