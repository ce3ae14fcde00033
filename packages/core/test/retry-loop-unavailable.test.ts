import { describe, expect, it, vi } from 'vitest';

// A page that lost its network cannot load a lazily imported chunk either: the retry loop's
// module failing to load must leave the caller with the typed error of the failed request.
vi.mock('../src/retry-loop.ts', () => {
  throw new TypeError('Failed to fetch dynamically imported module');
});

const { createTokenManager, TokenEndpointError } = await import('../src/index.ts');

describe('a retry loop that cannot be loaded', () => {
  it('fails the call with the TokenEndpointError of the attempt made', async () => {
    let calls = 0;
    const tokens = createTokenManager({
      tokenEndpoint: 'https://idp.example.com/token',
      clientId: 'c',
      clientSecret: 'secret-value',
      fetch: async () => {
        calls++;
        throw new TypeError('Failed to fetch');
      },
    });
    const failure = await tokens.getAccessToken().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TokenEndpointError);
    expect((failure as Error).message).toMatch(/Failed to fetch/);
    expect(calls).toBe(1);
    await tokens.dispose();
  });
});
