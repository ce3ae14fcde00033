import type { AssertionSource } from './client-assertion.ts';
import { kit } from './kit.ts';
import { onDemand } from './on-demand.ts';
import { check, checkRows, fail, isPrivateKey } from './option-checks.ts';
import type { TokenManagerOptions } from './options.ts';
import type { ClientProfile } from './token-request.ts';

/**
 * How the client identifies itself and shapes its requests, from the options:
 * client id, secret, authentication method (a JWT assertion source for the JWT
 * methods, whose signing code is loaded by the first request), request style,
 * scope, audience and extra parameters.
 *
 * @param assertionAudience the default `aud` of assertions: the issuer, or the token endpoint
 */
export function resolveClient(options: TokenManagerOptions, assertionAudience: URL): ClientProfile {
  const { privateKey, clientAssertion } = options;
  const clientId = check(options.clientId, 'clientId', 'string', true);
  const params = options.params ?? {};
  if (
    typeof params !== 'object' ||
    params === null ||
    Object.values(params).some((value) => typeof value !== 'string')
  )
    fail('params', 'expected an object of string values');
  const client: ClientProfile = {
    clientId,
    ...checkRows<Omit<ClientProfile, 'clientId' | 'params'>>(options, [
      ['clientSecret', 'string'],
      [
        'clientAuthentication',
        [
          'client_secret_post',
          'client_secret_basic',
          'none',
          'private_key_jwt',
          'client_secret_jwt',
        ],
        // Used only once the secret passed its row above: then it is truthy exactly when given.
        privateKey || clientAssertion
          ? 'private_key_jwt'
          : options.clientSecret
            ? 'client_secret_post'
            : 'none',
      ],
      ['requestStyle', ['form', 'json', 'query'], 'form'],
      ['scope', 'string'],
      ['audience', 'string'],
    ]),
    params: { ...params },
  };
  const { clientSecret, clientAuthentication: method, requestStyle } = client;
  check(clientAssertion, 'clientAssertion', 'function');
  const using = ` with clientAuthentication '${method}'`;
  if (method.startsWith('client_secret') && !clientSecret) fail('clientSecret', `required${using}`);
  if (method !== 'private_key_jwt') {
    if (clientAssertion) fail('clientAssertion', `cannot be combined${using}`);
  } else if (!clientAssertion && !isPrivateKey(privateKey))
    fail('privateKey', `required${using}: a CryptoKey or private JWK, or give clientAssertion`);
  // RFC 7523 §2.2 client authentication: the assertion must not sit in a URL, where it is logged.
  if (method.endsWith('_jwt')) {
    if (requestStyle === 'query') fail('requestStyle', `expected 'form' or 'json'${using}`);
    const audience =
      check(options.assertionAudience, 'assertionAudience', 'string') ?? assertionAudience.href;
    const keyId = check(options.keyId, 'keyId', 'string');
    // The kinds of source are named after the methods; each reads only its own members.
    const source = (
      clientAssertion
        ? { kind: 'callback', callback: clientAssertion }
        : { kind: method, secret: clientSecret, key: privateKey, keyId }
    ) as AssertionSource;
    // jose's signing code is loaded by the first request that needs an assertion.
    const sign = onDemand(() =>
      import('./client-assertion.ts').then(({ createAssertion }) =>
        createAssertion(kit, source, clientId, audience),
      ),
    );
    client.assertion = async () => (await sign())();
  }
  return client;
}
