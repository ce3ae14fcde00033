import { createTokenManager, type TokenManagerEvent } from '@tokenkeeper/core';
import { bearerFetch } from '@tokenkeeper/fetch';
import { startDpopResourceServer, startOidcServer } from '@tokenkeeper/test-utils';

// An embedded oidc-provider that wants DPoP nonces, and an API that accepts only DPoP-bound
// tokens with a valid proof (and wants its own nonce): the strictest setup RFC 9449 allows.
const idp = await startOidcServer({ dpopNonce: true });
const api = await startDpopResourceServer((token) => idp.verifyAccessToken(token), {
  requireNonce: true,
});

try {
  const tokens = createTokenManager({
    tokenEndpoint: idp.tokenEndpoint,
    clientId: idp.privateKeyJwtClient.clientId,
    // private_key_jwt (RFC 7523): the client proves itself with a signed assertion, no secret.
    // In production: a CryptoKey from your key store, or a private JWK, with its `kid`.
    privateKey: idp.privateKeyJwtClient.privateKey,
    assertionAudience: idp.issuer,
    params: { resource: idp.audience },
    // DPoP (RFC 9449): tokens bound to a key this process holds and cannot export.
    dpop: true,
    logout: { kind: 'revocation', endpoint: idp.revocationEndpoint },
    onEvent: report,
  });
  const apiFetch = bearerFetch(tokens, { origins: [api.url] });

  const first = await apiFetch(`${api.url}/orders`);
  console.log(`GET /orders: ${first.status} (token type ${(await tokens.getToken()).tokenType})`);
  const many = await Promise.all(
    Array.from({ length: 20 }, (_, i) => apiFetch(`${api.url}/orders/${i}`)),
  );
  console.log(`20 requests at once: ${many.filter((r) => r.status === 200).length} x 200`);

  // A thief with the token but not the key gets nowhere.
  const { accessToken } = await tokens.getToken();
  const stolen = await fetch(`${api.url}/orders`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  console.log(`the stolen token replayed without the key: ${stolen.status}`);

  await tokens.dispose();
  const { ok, refused } = api.stats();
  console.log(
    `token endpoint saw ${idp.stats().tokenRequests} token requests (one answered use_dpop_nonce); ` +
      `the API accepted ${ok} and refused ${refused} (one nonce, one thief)`,
  );
} finally {
  await api.close();
  await idp.close();
}

function report(event: TokenManagerEvent): void {
  if (event.type === 'token_acquired') console.log(`  token from the ${event.grant} grant`);
  if (event.type === 'logged_out') console.log('  revoked at shutdown');
}
