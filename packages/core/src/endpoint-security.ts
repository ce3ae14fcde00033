import { InsecureEndpointError, InvalidOptionsError } from './errors.ts';

/** True for `localhost`, `*.localhost`, 127.0.0.0/8 and `[::1]`: traffic that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Parses an endpoint URL and refuses plain `http:` unless the host is loopback
 * or the user opted in: a token request carries the client secret or a
 * password, and a token response carries the token itself.
 *
 * @throws InvalidOptionsError when `value` is not an absolute http(s) URL.
 * @throws InsecureEndpointError for `http:` on a non-loopback host without the opt-in.
 */
export function secureEndpoint(option: string, value: unknown, allowInsecureHttp: boolean): URL {
  if (typeof value !== 'string' && !(value instanceof URL)) {
    throw new InvalidOptionsError(option, 'expected an absolute URL string');
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidOptionsError(option, 'not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidOptionsError(option, `unsupported protocol ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new InvalidOptionsError(
      option,
      'credentials in the URL are not allowed; use clientId/clientSecret',
    );
  }
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw new InsecureEndpointError(
      `Refusing plain http to ${url.host} (${option}): use https, or set allowInsecureHttp: true`,
    );
  }
  return url;
}
