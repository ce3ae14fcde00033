import { kit } from './kit.ts';
import { randomHex } from './random-id.ts';
import type { DpopProver } from './token-manager.ts';

/** What the engine holds of DPoP: proofs for the token endpoint, and the prover adapters call. */
export interface DpopHandle {
  forTokenEndpoint: {
    prove(method: string, url: string): Promise<string>;
    rememberNonce(url: string, nonce: string): void;
  };
  prover: DpopProver;
  /** Names the key pair in flight keys: DPoP-bound tokens are shared only with managers that hold the same pair. */
  id: string;
}

// One id per key pair object: managers given the same pair share DPoP-bound tokens; nothing else does.
const pairIds = new WeakMap<CryptoKeyPair, string>();

/**
 * DPoP for one manager: one key pair shared by every token set, and the latest
 * `DPoP-Nonce` of each origin (RFC 9449 §8, §9). The signing code is loaded on
 * first use, so managers without DPoP never carry it.
 */
export function createDpopHandle(keyPair: CryptoKeyPair | undefined): DpopHandle {
  let key: Promise<import('./dpop.ts').DpopKey> | undefined;
  const nonces = new Map<string, string>();
  const originOf = (url: string) => new URL(url).origin;
  const prove = async (method: string, url: string, accessToken?: string) => {
    const dpop = await import('./dpop.ts');
    key ??= dpop.loadDpopKey(kit, keyPair).catch((error: unknown) => {
      key = undefined;
      throw error;
    });
    return dpop.createProof(kit, await key, method, url, nonces.get(originOf(url)), accessToken);
  };
  const rememberNonce = (url: string, nonce: string) => {
    // A nonce is opaque but goes into a JWT claim: keep only what a header can carry.
    if (/^[\x21-\x7E]{1,512}$/.test(nonce)) nonces.set(originOf(url), nonce);
  };
  let id = keyPair ? pairIds.get(keyPair) : undefined;
  if (id === undefined) {
    id = randomHex(8);
    if (keyPair) pairIds.set(keyPair, id);
  }
  return {
    forTokenEndpoint: { prove: (method, url) => prove(method, url), rememberNonce },
    prover: { prove, rememberNonce },
    id,
  };
}
