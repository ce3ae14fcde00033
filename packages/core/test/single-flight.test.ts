import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenManager, TokenManagerDisposedError } from '../src/index.ts';
import { endpoint, scriptedEndpoint, tokenReply } from './scripted-endpoint.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('single flight', () => {
  it('makes exactly one token request for 10,000 concurrent callers on a cold manager', async () => {
    const server = scriptedEndpoint(() => ({ ...tokenReply(), delayMs: 20 }));
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'c',
      clientSecret: 's',
      fetch: server.fetch,
    });

    const results = await Promise.all(
      Array.from({ length: 10_000 }, () => tokens.getAccessToken()),
    );

    expect(server.count()).toBe(1);
    expect(new Set(results).size).toBe(1);
  });

  it('refreshes exactly once when 10,000 callers invalidate the same token, and not at all for a straggler', async () => {
    const server = scriptedEndpoint(() => ({ ...tokenReply(), delayMs: 5 }));
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'c',
      clientSecret: 's',
      fetch: server.fetch,
    });
    const first = await tokens.getAccessToken();

    const renewed = await Promise.all(
      Array.from({ length: 10_000 }, () => {
        tokens.invalidate(first);
        return tokens.getAccessToken();
      }),
    );
    expect(server.count()).toBe(2);
    expect(new Set(renewed).size).toBe(1);
    expect(renewed[0]).not.toBe(first);

    tokens.invalidate(first); // a late 401 that answered the older token
    expect(await tokens.getAccessToken()).toBe(renewed[0]);
    expect(server.count()).toBe(2);
  });

  it('gives every waiter the one outcome of a failed flight, then recovers on the next call', async () => {
    let fail = true;
    const server = scriptedEndpoint(() =>
      fail ? { status: 400, body: { error: 'invalid_client' } } : tokenReply(),
    );
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'c',
      clientSecret: 's',
      fetch: server.fetch,
    });

    const outcomes = await Promise.allSettled(
      Array.from({ length: 500 }, () => tokens.getAccessToken()),
    );
    expect(
      outcomes.every((o) => o.status === 'rejected' && o.reason.code === 'ERR_TOKEN_ENDPOINT'),
    ).toBe(true);
    expect(server.count()).toBe(1);

    fail = false;
    await expect(tokens.getAccessToken()).resolves.toMatch(/^opaque-/);
    expect(server.count()).toBe(2);
  });

  it('lets an aborted caller leave without cancelling the refresh the others wait for', async () => {
    const server = scriptedEndpoint(() => ({ ...tokenReply(), delayMs: 50 }));
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'c',
      clientSecret: 's',
      fetch: server.fetch,
    });
    const controller = new AbortController();

    const aborted = tokens.getAccessToken({ signal: controller.signal });
    const patient = tokens.getAccessToken();
    controller.abort(new Error('caller gave up'));

    await expect(aborted).rejects.toThrow('caller gave up');
    await expect(patient).resolves.toMatch(/^opaque-/);
    expect(server.count()).toBe(1);
  });

  it('keys flights by scope: managers that differ in scope never share a token', () => {
    const base = { tokenEndpoint: endpoint, clientId: 'c', clientSecret: 'top-secret-value' };
    const read = createTokenManager({ ...base, scope: 'read' });
    const write = createTokenManager({ ...base, scope: 'write' });
    const readAgain = createTokenManager({ ...base, scope: 'read' });
    expect(read.flightKey).not.toBe(write.flightKey);
    expect(read.flightKey).toBe(readAgain.flightKey);
    expect(read.flightKey).not.toContain('top-secret-value');
  });

  it('rejects calls after dispose, and releases callers still waiting', async () => {
    const server = scriptedEndpoint(() => ({ ...tokenReply(), delayMs: 30 }));
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'c',
      clientSecret: 's',
      fetch: server.fetch,
      logout: false,
    });
    const waiting = tokens.getAccessToken();
    const disposed = tokens.dispose();
    await expect(waiting).rejects.toBeInstanceOf(TokenManagerDisposedError);
    await disposed;
    await expect(tokens.getAccessToken()).rejects.toMatchObject({
      code: 'ERR_TOKEN_MANAGER_DISPOSED',
    });
    expect(tokens.dispose()).toBe(disposed);
    expect(tokens.disposed).toBe(true);
  });
});
