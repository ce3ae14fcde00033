/** One challenge of a `WWW-Authenticate` header: its scheme and its auth-params. */
export interface Challenge {
  /** The scheme as sent (`Bearer`, `DPoP`, …); compare it case-insensitively. */
  scheme: string;
  /** The auth-params, names lower-cased (`error`, `error_description`, `scope`, `realm`, `algs`, …). */
  params: Record<string, string>;
}

// One step of the header (RFC 9110 §11.6.1), from where the last one ended: a token (a scheme
// or an auth-param name, §5.6.2), then either `= value` (a token or a quoted string, §5.6.4),
// or a token68 that ends its challenge, or nothing. Leading commas and spaces are skipped.
const STEP =
  /[\s,]*([!#$%&'*+.^_`|~\w-]+)(?:\s*=\s*(?:"((?:[^"\\]|\\[\s\S])*)"?|([^\s,]*))|\s+([\w.~+/-]+=*)(?=\s*(?:,|$)))?/y;

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
  let current: Challenge | undefined;
  STEP.lastIndex = 0;
  for (;;) {
    const step = typeof header === 'string' && STEP.exec(header);
    if (!step) return challenges;
    const [, name, quoted, token, token68] = step;
    if (current && (quoted ?? token) !== undefined) {
      current.params[name!.toLowerCase()] = quoted?.replace(/\\([\s\S])/g, '$1') ?? token!;
    } else {
      current = { scheme: name!, params: token68 ? { token68 } : {} };
      challenges.push(current);
    }
  }
}
