import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTokenManager } from '../src/index.ts';
import { endpoint, scriptedEndpoint, tokenReply } from './scripted-endpoint.ts';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

describe('JWT client authentication (RFC 7523 §2.2)', () => {
  it.each(['ES256', 'RS256', 'PS256', 'EdDSA'] as const)(
    'private_key_jwt with a %s CryptoKey: a fresh signed assertion per request',
    async (alg) => {
      const { privateKey, publicKey } = await generateKeyPair(alg);
      const server = scriptedEndpoint(() => tokenReply());
      const tokens = createTokenManager({
        tokenEndpoint: endpoint,
        clientId: 'svc',
        clientAuthentication: 'private_key_jwt',
        privateKey,
        keyId: 'key-2026-11',
        fetch: server.fetch,
      });
      tokens.invalidate(await tokens.getAccessToken());
      await tokens.getAccessToken();
      const [first, second] = server.requests.map((r) => r.params);
      for (const params of [first!, second!]) {
        expect(params.get('client_assertion_type')).toBe(ASSERTION_TYPE);
        expect(params.get('client_id')).toBe('svc');
        expect(params.has('client_secret')).toBe(false);
        const assertion = params.get('client_assertion')!;
        const { payload, protectedHeader } = await jwtVerify(assertion, publicKey, {
          issuer: 'svc',
          subject: 'svc',
          audience: endpoint,
        });
        expect(protectedHeader).toMatchObject({ alg, kid: 'key-2026-11' });
        expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(60);
        expect(payload.jti).toMatch(/^[0-9a-f]{32}$/);
      }
      expect(decodeJwt(first!.get('client_assertion')!).jti).not.toBe(
        decodeJwt(second!.get('client_assertion')!).jti,
      );
    },
  );

  it('private_key_jwt with a private JWK, and assertionAudience overriding the audience', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(privateKey);
    const server = scriptedEndpoint(() => tokenReply());
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'svc',
      privateKey: jwk,
      assertionAudience: 'https://idp.example.test',
      fetch: server.fetch,
    });
    await tokens.getAccessToken();
    const assertion = server.requests[0]!.params.get('client_assertion')!;
    expect(decodeProtectedHeader(assertion).alg).toBe('ES256');
    expect(decodeJwt(assertion).aud).toBe('https://idp.example.test');
  });

  it('client_secret_jwt signs with the client secret (HS256)', async () => {
    const server = scriptedEndpoint(() => tokenReply());
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'svc',
      clientSecret: 'a-long-enough-shared-secret-for-hs256',
      clientAuthentication: 'client_secret_jwt',
      fetch: server.fetch,
    });
    await tokens.getAccessToken();
    const params = server.requests[0]!.params;
    expect(params.has('client_secret')).toBe(false);
    const key = new TextEncoder().encode('a-long-enough-shared-secret-for-hs256');
    await expect(jwtVerify(params.get('client_assertion')!, key)).resolves.toBeTruthy();
  });

  it('clientAssertion is called for every token request, and its failure is a typed error without its message', async () => {
    let calls = 0;
    const server = scriptedEndpoint(() => tokenReply());
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'svc',
      clientAssertion: () => `platform-token-${++calls}`,
      fetch: server.fetch,
    });
    tokens.invalidate(await tokens.getAccessToken());
    await tokens.getAccessToken();
    expect(server.requests.map((r) => r.params.get('client_assertion'))).toEqual([
      'platform-token-1',
      'platform-token-2',
    ]);
    const failing = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'svc',
      clientAssertion: () => {
        throw new Error('ENOENT /var/run/secrets/token secret-path-detail');
      },
      fetch: server.fetch,
    });
    const error = (await failing.getAccessToken().catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'ERR_INVALID_OPTIONS', option: 'clientAssertion' });
    expect(error.message).not.toContain('secret-path-detail');
  });

  it('authenticates revocation at dispose with an assertion too', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const server = scriptedEndpoint((request) =>
      request.url.pathname === '/revoke' ? { status: 200, body: '' } : tokenReply(),
    );
    const tokens = createTokenManager({
      tokenEndpoint: endpoint,
      clientId: 'svc',
      privateKey,
      logout: { kind: 'revocation', endpoint: 'https://idp.example.test/revoke' },
      fetch: server.fetch,
    });
    await tokens.getAccessToken();
    await tokens.dispose();
    const revoke = server.requests.at(-1)!;
    expect(revoke.url.pathname).toBe('/revoke');
    expect(revoke.params.get('client_assertion_type')).toBe(ASSERTION_TYPE);
  });

  it.each([
    ['query style with an assertion', { requestStyle: 'query', privateKey: {} }, 'privateKey'],
    ['private_key_jwt without a key', { clientAuthentication: 'private_key_jwt' }, 'privateKey'],
    [
      'a public key as the private key',
      { privateKey: { kty: 'EC', crv: 'P-256', x: 'a', y: 'b' } },
      'privateKey',
    ],
    [
      'client_secret_jwt without a secret',
      { clientAuthentication: 'client_secret_jwt' },
      'clientSecret',
    ],
    [
      'clientAssertion with client_secret_post',
      { clientAssertion: () => 'x', clientSecret: 's', clientAuthentication: 'client_secret_post' },
      'clientAssertion',
    ],
  ])('refuses %s with a clear typed error', (_, extra, option) => {
    expect(() =>
      createTokenManager({ tokenEndpoint: endpoint, clientId: 'svc', ...(extra as object) }),
    ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option }));
  });

  it('refuses the query style with a JWT assertion', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    expect(() =>
      createTokenManager({
        tokenEndpoint: endpoint,
        clientId: 'svc',
        privateKey,
        requestStyle: 'query',
      }),
    ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option: 'requestStyle' }));
  });
});
