import { InsecureEndpointError } from './errors.ts';
import { fail } from './option-checks.ts';

/**
 * True for `localhost` and `*.localhost` (RFC 6761 §6.3), 127.0.0.0/8 and `[::1]`:
 * traffic that never leaves the machine.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6761#section-6.3
 */
export function isLoopbackHost(hostname: string): boolean {
  return /^((.*\.)?localhost|\[::1\]|127(\.\d{1,3}){3})$/is.test(hostname);
}

/**
 * Parses an endpoint URL and refuses plain `http:` unless the host is loopback
 * or the user opted in: a token request carries the client secret or a
 * password, and a token response carries the token itself.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2 (the token endpoint requires TLS)
 * @throws InvalidOptionsError when `value` is not an absolute http(s) URL, or holds credentials
 *   (RFC 3986 §3.2.1: a password in a URI is deprecated; the client authenticates with its own options).
 * @throws InsecureEndpointError for `http:` on a non-loopback host without the opt-in.
 */
export function secureEndpoint(option: string, value: unknown, allowInsecureHttp: boolean): URL {
  let url: URL | undefined;
  try {
    url = new URL(value as string);
  } catch {
    // reported below, with the other values that are no absolute http(s) URL
  }
  if (
    !url ||
    (typeof value !== 'string' && !(value instanceof URL)) ||
    !/^https?:$/.test(url.protocol) ||
    url.username ||
    url.password
  )
    fail(option, 'expected an absolute http(s) URL without credentials');
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(url.hostname))
    throw new InsecureEndpointError(
      `Refusing plain http to ${url.host} (${option}): use https, or set allowInsecureHttp: true`,
    );
  return url;
}
