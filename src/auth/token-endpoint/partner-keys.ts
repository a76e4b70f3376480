import { importJWK, type CryptoKey, type JWK } from 'jose';
import type { PartnerConfig } from '../../../config/schema';
import { OAuthError } from './oauth-error';
import type { RemoteJwks } from './remote-jwks';

/** The assertion algorithms SMART Backend Services names; nothing else is ever accepted. */
export const ASSERTION_ALGS = ['RS384', 'ES384'] as const;
export type AssertionAlg = (typeof ASSERTION_ALGS)[number];

export const isAssertionAlg = (alg: unknown): alg is AssertionAlg => ASSERTION_ALGS.includes(alg as AssertionAlg);

/** The key type each algorithm needs, so a key registered for one can never verify the other. */
const fitsAlg = (jwk: JWK, alg: AssertionAlg): boolean =>
  alg === 'RS384' ? jwk.kty === 'RSA' : jwk.kty === 'EC' && jwk.crv === 'P-384';

const invalidClient = (description: string, cause?: unknown) => new OAuthError('invalid_client', description, { cause });

export interface PartnerKeyResolver {
  /** The partner's public key for `kid`, imported for `alg`; OAuthError invalid_client otherwise. */
  resolve(partner: PartnerConfig, kid: string, alg: AssertionAlg): Promise<CryptoKey>;
}

/** Partner keys from config: an inline JWKS, or a registered jwksUri read through `remote`. */
export function createPartnerKeyResolver(remote: RemoteJwks): PartnerKeyResolver {
  // Imported keys per JWK object (config objects and fetched documents are stable) and alg.
  const imported = new WeakMap<JWK, Map<AssertionAlg, Promise<CryptoKey>>>();

  const importFor = (jwk: JWK, alg: AssertionAlg): Promise<CryptoKey> => {
    let byAlg = imported.get(jwk);
    if (!byAlg) imported.set(jwk, (byAlg = new Map<AssertionAlg, Promise<CryptoKey>>()));
    let key = byAlg.get(alg);
    if (!key) {
      // Only the public members: a registered JWK that (wrongly) holds a private part is not used as one.
      const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, oth: _oth, ...publicJwk } = jwk;
      key = importJWK({ ...publicJwk, alg }, alg) as Promise<CryptoKey>;
      byAlg.set(alg, key);
      key.catch(() => byAlg.delete(alg));
    }
    return key;
  };

  return {
    async resolve(partner, kid, alg) {
      const keys = partner.keys;
      if (!keys) throw invalidClient('no keys registered for this client');
      let jwk: JWK | undefined;
      if ('jwks' in keys) {
        jwk = (keys.jwks.keys as JWK[]).find((candidate) => candidate.kid === kid);
      } else {
        const lookup = await remote.findKey(keys.jwksUri, kid);
        if (!lookup.key && lookup.unavailable) throw invalidClient('the registered JWKS could not be fetched');
        jwk = lookup.key;
      }
      if (!jwk) throw invalidClient('unknown kid');
      if (jwk.use !== undefined && jwk.use !== 'sig') throw invalidClient('key is not a signing key');
      if ((jwk.alg !== undefined && jwk.alg !== alg) || !fitsAlg(jwk, alg)) throw invalidClient('key does not fit the alg');
      try {
        return await importFor(jwk, alg);
      } catch (error) {
        throw invalidClient('registered key is unusable', error);
      }
    },
  };
}
