import { describe, expect, it } from 'vitest';
import { createTokenManager, TokenEndpointError } from '../src/index.ts';
import { endpoint, scriptedEndpoint, tokenReply } from './scripted-endpoint.ts';

const password = { type: 'password' as const, username: 'alice', password: 'pa55-word' };

describe('refresh grant', () => {
  it('uses the refresh token while it is valid and keeps the rotated one', async () => {
    const server = scriptedEndpoint((_request, index) =>
      tokenReply({ refresh_token: `rt-${index}`, expires_in: 300, refresh_expires_in: 1800 }),
    );
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'ocp',
      grant: password,
      fetch: server.fetch,
    });
    const first = await tokens.getAccessToken();
    tokens.invalidate(first);
    await tokens.getAccessToken();
    tokens.invalidate(await tokens.getAccessToken());
    await tokens.getAccessToken();

    expect(server.requests.map((r) => r.params.get('grant_type'))).toEqual([
      'password',
      'refresh_token',
      'refresh_token',
    ]);
    expect(server.requests[1]?.params.get('refresh_token')).toBe('rt-0');
    expect(server.requests[2]?.params.get('refresh_token')).toBe('rt-1');
    expect(server.requests[1]?.params.has('password')).toBe(false);
  });

  it('keeps the old refresh token when a refresh response brings none (RFC 6749 §6)', async () => {
    const server = scriptedEndpoint((_, index) =>
      tokenReply(index === 0 ? { refresh_token: 'rt-original' } : {}),
    );
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'ocp',
      grant: password,
      fetch: server.fetch,
    });
    tokens.invalidate(await tokens.getAccessToken());
    expect((await tokens.getToken()).refreshToken).toBe('rt-original');
    tokens.invalidate(await tokens.getAccessToken());
    await tokens.getAccessToken();
    expect(server.requests[2]?.params.get('refresh_token')).toBe('rt-original');
  });

  it('falls back to the primary grant once when the refresh token gets invalid_grant', async () => {
    const server = scriptedEndpoint((request) =>
      request.params.get('grant_type') === 'refresh_token'
        ? {
            status: 400,
            body: { error: 'invalid_grant', error_description: 'Invalid refresh token' },
          }
        : tokenReply({ refresh_token: 'rt' }),
    );
    const events: string[] = [];
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'ocp',
      grant: password,
      fetch: server.fetch,
      onEvent: (event) => events.push(event.type),
    });
    tokens.invalidate(await tokens.getAccessToken());
    await tokens.getAccessToken();
    expect(server.requests.map((r) => r.params.get('grant_type'))).toEqual([
      'password',
      'refresh_token',
      'password',
    ]);
    expect(events).toContain('refresh_token_rejected');
  });

  it('does not fall back when the primary login is refused as well: one typed error, no loop', async () => {
    const server = scriptedEndpoint(() => ({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid user credentials' },
    }));
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'ocp',
      grant: password,
      fetch: server.fetch,
    });
    const error = await tokens.getAccessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenEndpointError);
    expect(error).toMatchObject({
      status: 400,
      error: 'invalid_grant',
      errorDescription: 'Invalid user credentials',
    });
    expect(server.count()).toBe(1);
  });

  it('starts from a given refresh token with the refresh_token grant, and fails when it is refused', async () => {
    const server = scriptedEndpoint((request) =>
      request.params.get('refresh_token') === 'rt-given'
        ? tokenReply({ refresh_token: 'rt-next' })
        : { status: 400, body: { error: 'invalid_grant' } },
    );
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'app',
      grant: { type: 'refresh_token', refreshToken: 'rt-given' },
      fetch: server.fetch,
    });
    await tokens.getAccessToken();
    tokens.invalidate(await tokens.getAccessToken());
    // rt-next is refused: with no other grant to fall back to, the error goes to the caller.
    await expect(tokens.getAccessToken()).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(server.requests.map((r) => r.params.get('refresh_token'))).toEqual([
      'rt-given',
      'rt-next',
    ]);
  });

  it('skips a refresh token past its refresh_expires_in and logs in again', async () => {
    const server = scriptedEndpoint(() =>
      tokenReply({ refresh_token: 'rt', refresh_expires_in: 1, expires_in: 300 }),
    );
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'ocp',
      grant: password,
      fetch: server.fetch,
    });
    await tokens.getAccessToken();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    tokens.invalidate(await tokens.getAccessToken());
    await tokens.getAccessToken();
    expect(server.requests.map((r) => r.params.get('grant_type'))).toEqual([
      'password',
      'password',
    ]);
  });
});
