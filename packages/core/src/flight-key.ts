import type { Grant } from './options.ts';

export interface FlightIdentity {
  /** The token endpoint, or the issuer when the endpoint comes from discovery. */
  endpoint: string;
  clientId: string;
  grant: Grant;
  scope: string | undefined;
  audience: string | undefined;
  params: Record<string, string>;
  /** DPoP: the key pair the tokens are bound to (RFC 9449), so no other key's manager shares them. */
  binding?: string | undefined;
}

/**
 * The identity of what a token is good for: endpoint, client, grant identity,
 * scope, audience and resource. Managers (or processes) with equal keys may
 * share a token through a shared store; any difference gives another key, so
 * two managers that differ in scope never share a token.
 *
 * The key holds no secret: a password grant is identified by its username, a
 * refresh-token grant by a fingerprint of the token, extra params by a fingerprint.
 */
export function flightKey(identity: FlightIdentity): string {
  const { grant, params } = identity;
  const names = Object.keys(params).sort();
  return JSON.stringify([
    'tokenkeeper/1',
    identity.endpoint,
    identity.clientId,
    grant.type === 'password'
      ? `password:${grant.username}`
      : grant.type === 'refresh_token'
        ? `refresh_token:${fingerprint(grant.refreshToken)}`
        : grant.type,
    identity.scope ?? null,
    identity.audience ?? null,
    params.resource ?? null,
    names[0] ? fingerprint(JSON.stringify(names.map((name) => [name, params[name]]))) : null,
    ...(identity.binding ? [`dpop:${identity.binding}`] : []),
  ]);
}

/**
 * A 53-bit non-cryptographic hash (cyrb53) as hex: tells values apart without
 * revealing them. Not for security: a store that needs an opaque key hashes the
 * whole flight key with SHA-256.
 */
export function fingerprint(value: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < value.length; i++) {
    const ch = value.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16);
}
