import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createTokenManager } from '../src/index.ts';

const base = { clientId: 'c', clientSecret: 'client-secret-value', retry: { retries: 0 } };

// What undici (Node's fetch) throws, shaped as it shapes them.
const failWith = (error: Error) =>
  (async () => {
    throw error;
  }) as unknown as typeof fetch;
const undiciError = (cause: { code: string; message: string }) =>
  new TypeError('fetch failed', { cause: Object.assign(new Error(cause.message), cause) });

describe('network errors say what went wrong', () => {
  it('names a refused connection, from a real closed port on 127.0.0.1', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const tokens = createTokenManager({ ...base, tokenEndpoint: `http://127.0.0.1:${port}/token` });
    const error = (await tokens.getAccessToken().catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'ERR_TOKEN_ENDPOINT', status: undefined });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it.each([
    [
      'a DNS failure',
      undiciError({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND idp.example.test' }),
      ['ENOTFOUND', 'idp.example.test'],
    ],
    [
      'a certificate error',
      undiciError({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' }),
      ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'],
    ],
    [
      'a browser’s wrong `this`',
      new TypeError("Failed to execute 'fetch' on 'Window': Illegal invocation"),
      ['Illegal invocation'],
    ],
    [
      'a browser’s refused request',
      new TypeError('Failed to fetch'),
      ['TypeError: Failed to fetch'],
    ],
  ])('names %s and its message', async (_, thrown, expected) => {
    const tokens = createTokenManager({
      ...base,
      tokenEndpoint: 'https://idp.example.test/token',
      fetch: failWith(thrown),
    });
    const error = (await tokens.getAccessToken().catch((e: unknown) => e)) as Error;
    for (const part of expected) expect(error.message).toContain(part);
  });

  it('names a timeout with its limit', async () => {
    const hanging = ((_: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        ),
      )) as typeof fetch;
    const tokens = createTokenManager({
      ...base,
      tokenEndpoint: 'https://idp.example.test/token',
      fetch: hanging,
      timeoutMs: 50,
    });
    const error = (await tokens.getAccessToken().catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('timed out after 50 ms');
  });

  it('scrubs the secret and the query string of a query-style URL from the cause', async () => {
    const thrown = undiciError({
      code: 'ECONNRESET',
      message:
        'socket hang up at https://idp.example.test/token?grant_type=client_credentials&client_secret=client-secret-value',
    });
    const tokens = createTokenManager({
      ...base,
      tokenEndpoint: 'https://idp.example.test/token',
      requestStyle: 'query',
      fetch: failWith(thrown),
    });
    const error = (await tokens.getAccessToken().catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('ECONNRESET');
    expect(error.message).toContain('https://idp.example.test/token?…');
    expect(error.message).not.toContain('client_secret');
    expect(error.message).not.toContain('client-secret-value');
  });
});
