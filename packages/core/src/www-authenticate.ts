/** One challenge of a `WWW-Authenticate` header: its scheme and its auth-params. */
export interface Challenge {
  /** The scheme as sent (`Bearer`, `DPoP`, …); compare it case-insensitively. */
  scheme: string;
  /** The auth-params, names lower-cased (`error`, `error_description`, `scope`, `realm`, `algs`, …). */
  params: Record<string, string>;
}

// A scheme or an auth-param name (RFC 9110 §5.6.2 token).
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/**
 * Parses a `WWW-Authenticate` header value into its challenges
 * (@see https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1): several
 * challenges in one value, quoted strings with escapes and commas inside them,
 * and a token68 (kept as the param `token68`). Liberal in what it accepts: what
 * does not parse ends the list, and `null`/empty gives `[]`.
 *
 * @example
 * parseChallenges('Bearer realm="api", error="insufficient_scope", scope="orders:write"');
 * // [{ scheme: 'Bearer', params: { realm: 'api', error: 'insufficient_scope', scope: 'orders:write' } }]
 */
export function parseChallenges(header: string | null | undefined): Challenge[] {
  const challenges: Challenge[] = [];
  if (typeof header !== 'string') return challenges;
  let rest = header;
  let current: Challenge | undefined;
  const skip = (pattern: RegExp) => {
    rest = rest.replace(pattern, '');
  };
  for (let guard = 0; guard < 1_000; guard++) {
    skip(/^[\s,]+/);
    const name = TOKEN.exec(rest)?.[0];
    if (!name) break;
    rest = rest.slice(name.length);
    const afterSpace = rest.replace(/^\s+/, '');
    // `name=` starts an auth-param of the current challenge; a bare token starts a new challenge.
    if (current && afterSpace.startsWith('=')) {
      rest = afterSpace.slice(1).replace(/^\s+/, '');
      current.params[name.toLowerCase()] = readValue();
      continue;
    }
    current = { scheme: name, params: {} };
    challenges.push(current);
    const token68 = /^\s+([A-Za-z0-9\-._~+/]+=*)\s*(?:,|$)/.exec(rest);
    // `Scheme token68`: a token68 is not followed by `=` + value the way an auth-param is.
    if (token68?.[1] && !/^\s+[^\s=,]+\s*=[^=]/.test(rest)) {
      current.params.token68 = token68[1];
      rest = rest.slice(token68[0].length);
    }
  }
  return challenges;

  function readValue(): string {
    if (rest.startsWith('"')) {
      let value = '';
      let i = 1;
      for (; i < rest.length && rest[i] !== '"'; i++) {
        if (rest[i] === '\\' && i + 1 < rest.length) i++;
        value += rest[i];
      }
      rest = rest.slice(i + 1);
      return value;
    }
    const token = /^[^\s,]*/.exec(rest)?.[0] ?? '';
    rest = rest.slice(token.length);
    return token;
  }
}
