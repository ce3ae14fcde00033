import { InvalidOptionsError } from './errors.ts';
import { isPrivateKey, oneOf, optionalString, requiredString } from './option-checks.ts';
import type { TokenManagerOptions } from './options.ts';
import type { ClientProfile, Params } from './token-request.ts';

/**
 * How the client identifies itself and shapes its requests, from the options:
 * client id, secret, authentication method (a JWT assertion source for the JWT
 * methods, whose signing code is loaded by the first request), request style,
 * scope, audience and extra parameters.
 *
 * @param assertionAudience the default `aud` of assertions: the issuer, or the token endpoint
 */
export function resolveClient(options: TokenManagerOptions, assertionAudience: URL): ClientProfile {
  const clientId = requiredString(options.clientId, 'clientId');
  const clientSecret = optionalString(options.clientSecret, 'clientSecret');
  const { privateKey, clientAssertion } = options;
  if (clientAssertion !== undefined && typeof clientAssertion !== 'function') {
    throw new InvalidOptionsError('clientAssertion', 'expected a function');
  }
  const clientAuthentication =
    oneOf(options.clientAuthentication, 'clientAuthentication', [
      'client_secret_post',
      'client_secret_basic',
      'none',
      'private_key_jwt',
      'client_secret_jwt',
    ] as const) ??
    (privateKey || clientAssertion
      ? 'private_key_jwt'
      : clientSecret === undefined
        ? 'none'
        : 'client_secret_post');
  const jwtAuth = clientAuthentication.endsWith('_jwt');
  if (clientAuthentication.startsWith('client_secret') && clientSecret === undefined) {
    throw new InvalidOptionsError(
      'clientSecret',
      `required with clientAuthentication '${clientAuthentication}'`,
    );
  }
  if (clientAuthentication === 'private_key_jwt' && !clientAssertion && !isPrivateKey(privateKey)) {
    throw new InvalidOptionsError(
      'privateKey',
      "required with clientAuthentication 'private_key_jwt' (a CryptoKey or a private JWK), or give clientAssertion",
    );
  }
  if (clientAssertion && clientAuthentication !== 'private_key_jwt') {
    throw new InvalidOptionsError(
      'clientAssertion',
      `cannot be combined with clientAuthentication '${clientAuthentication}'`,
    );
  }
  const requestStyle =
    oneOf(options.requestStyle, 'requestStyle', ['form', 'json', 'query'] as const) ?? 'form';
  if (jwtAuth && requestStyle === 'query') {
    throw new InvalidOptionsError(
      'requestStyle',
      "'query' cannot carry a JWT client assertion (it would sit in a URL); use 'form' or 'json'",
    );
  }
  const params = options.params ?? {};
  if (
    typeof params !== 'object' ||
    params === null ||
    Object.values(params).some((v) => typeof v !== 'string')
  ) {
    throw new InvalidOptionsError('params', 'expected an object of string values');
  }
  const client: ClientProfile = {
    clientId,
    clientSecret,
    clientAuthentication,
    requestStyle,
    scope: optionalString(options.scope, 'scope'),
    audience: optionalString(options.audience, 'audience'),
    params: { ...params },
  };
  if (jwtAuth) {
    const audience =
      optionalString(options.assertionAudience, 'assertionAudience') ?? assertionAudience.href;
    const keyId = optionalString(options.keyId, 'keyId');
    const source = clientAssertion
      ? { kind: 'callback' as const, callback: clientAssertion }
      : clientAuthentication === 'client_secret_jwt'
        ? { kind: 'client_secret_jwt' as const, secret: clientSecret! }
        : { kind: 'private_key_jwt' as const, key: privateKey as CryptoKey, keyId };
    let sign: Promise<() => Promise<Params>> | undefined;
    // jose's signing code is loaded by the first request that needs an assertion.
    client.assertion = async () => {
      sign ??= import('./client-assertion.ts').then(({ createAssertion }) =>
        createAssertion(source, clientId, audience),
      );
      return (await sign)();
    };
  }

  return client;
}
