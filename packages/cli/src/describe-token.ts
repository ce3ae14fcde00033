import { decodeJwt, decodeProtectedHeader } from 'jose';

/** What `inspect` shows of a token: its JWT header and claims, decoded, and when it expires. */
export interface TokenDescription {
  format: 'jwt' | 'opaque';
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  expiresAt?: string;
  expiresInSeconds?: number;
  note: string;
}

/**
 * Decodes a JWT access token for a human. This does NOT verify the signature:
 * it shows what the token says, not whether to believe it.
 */
export function describeToken(token: string, now = Date.now()): TokenDescription {
  try {
    const header = decodeProtectedHeader(token) as Record<string, unknown>;
    const claims = decodeJwt(token) as Record<string, unknown>;
    const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
    return {
      format: 'jwt',
      header,
      claims,
      ...(exp === undefined
        ? {}
        : {
            expiresAt: new Date(exp).toISOString(),
            expiresInSeconds: Math.round((exp - now) / 1000),
          }),
      note: 'decoded, signature NOT verified',
    };
  } catch {
    return { format: 'opaque', note: 'not a JWT: an opaque token carries nothing to decode' };
  }
}
