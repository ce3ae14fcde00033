import { createServer } from 'node:http';
import { base64url, calculateJwkThumbprint, decodeJwt, EmbeddedJWK, jwtVerify } from 'jose';
import { listen } from './listen.ts';

/** Handle of {@link startDpopResourceServer}. */
export interface DpopResourceServer {
  url: string;
  /** Requests seen, accepted, and refused with a 401. */
  stats(): { sends: number; ok: number; refused: number };
  /** A new nonce: proofs with the old one are refused with `use_dpop_nonce`. */
  rotateNonce(): void;
  close(): Promise<void>;
}

/**
 * An API that accepts only DPoP-bound tokens, checking what RFC 9449 §7 asks of a
 * resource server: the token (with `verifyAccessToken`, the issuer's own check), the
 * proof's signature and `typ`, the binding (`cnf.jkt` = the proof key's thumbprint),
 * `htm`, `htu`, `ath`, a `jti` never seen before and, with `requireNonce`, the server's
 * current nonce (`401 WWW-Authenticate: DPoP error="use_dpop_nonce"` + `DPoP-Nonce`).
 * Binds 127.0.0.1 only.
 */
export async function startDpopResourceServer(
  verifyAccessToken: (token: string) => Promise<boolean>,
  { requireNonce = false } = {},
): Promise<DpopResourceServer> {
  const seenJti = new Set<string>();
  let nonce = 'api-nonce-1';
  let serial = 1;
  const stats = { sends: 0, ok: 0, refused: 0 };
  const server = createServer(async (req, res) => {
    stats.sends += 1;
    const refuse = (error: string, extra: Record<string, string> = {}) => {
      stats.refused += 1;
      res.writeHead(401, { 'www-authenticate': `DPoP error="${error}"`, ...extra }).end();
    };
    const [scheme, token] = (req.headers.authorization ?? '').split(' ');
    const proof = req.headers.dpop;
    if (scheme !== 'DPoP' || !token || typeof proof !== 'string') return refuse('invalid_token');
    if (!(await verifyAccessToken(token))) return refuse('invalid_token');
    try {
      const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, {
        typ: 'dpop+jwt',
        maxTokenAge: 60,
      });
      const jkt = await calculateJwkThumbprint(protectedHeader.jwk!);
      const cnf = decodeJwt(token).cnf as { jkt?: string } | undefined;
      const url = `http://${req.headers.host}${(req.url ?? '').split('?')[0]}`;
      const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
      if (cnf?.jkt !== jkt) return refuse('invalid_token');
      if (payload.htm !== req.method || payload.htu !== url) return refuse('invalid_dpop_proof');
      if (payload.ath !== base64url.encode(new Uint8Array(digest)))
        return refuse('invalid_dpop_proof');
      if (seenJti.has(String(payload.jti))) return refuse('invalid_dpop_proof');
      seenJti.add(String(payload.jti));
      if (requireNonce && payload.nonce !== nonce)
        return refuse('use_dpop_nonce', { 'dpop-nonce': nonce });
    } catch {
      return refuse('invalid_dpop_proof');
    }
    stats.ok += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  const listening = await listen(server, 0);
  return {
    url: listening.origin,
    stats: () => ({ ...stats }),
    rotateNonce: () => {
      serial += 1;
      nonce = `api-nonce-${serial}`;
    },
    close: () => listening.close(),
  };
}
