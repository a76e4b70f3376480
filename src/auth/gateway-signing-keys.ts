import { exportJWK, importJWK, type CryptoKey, type JWK } from 'jose';

/** The algorithm of the gateway's own access tokens. One fixed alg: verifiers never trust the header's. */
export const ACCESS_TOKEN_ALG = 'ES256';

export interface GatewaySigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
  retired: boolean;
}

export interface GatewayKeyRing {
  /** The key new tokens are signed with (first non-retired key). */
  active: GatewaySigningKey;
  /** Every key that still verifies, by kid. */
  byKid: ReadonlyMap<string, GatewaySigningKey>;
  /** Public JWKS for /.well-known/jwks.json. */
  jwks: { keys: JWK[] };
}

/** Builds the key ring from private JWKs (ES256, each with a kid). Order: the first non-retired key signs. */
export async function createGatewayKeyRing(keys: readonly { jwk: JWK; retired: boolean }[]): Promise<GatewayKeyRing> {
  const ring: GatewaySigningKey[] = [];
  for (const { jwk, retired } of keys) {
    if (!jwk.kid) throw new Error('gateway signing key needs a kid');
    if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.d) throw new Error(`gateway signing key ${jwk.kid} must be a private EC P-256 (ES256) JWK`);
    const privateKey = (await importJWK({ ...jwk, alg: ACCESS_TOKEN_ALG }, ACCESS_TOKEN_ALG)) as CryptoKey;
    const { d: _private, ...publicPart } = jwk;
    const publicKey = (await importJWK({ ...publicPart, alg: ACCESS_TOKEN_ALG }, ACCESS_TOKEN_ALG)) as CryptoKey;
    const publicJwk = { ...(await exportJWK(publicKey)), kid: jwk.kid, alg: ACCESS_TOKEN_ALG, use: 'sig' };
    ring.push({ kid: jwk.kid, privateKey, publicKey, publicJwk, retired });
  }
  const active = ring.find((key) => !key.retired);
  if (!active) throw new Error('no active gateway signing key');
  return { active, byKid: new Map(ring.map((key) => [key.kid, key])), jwks: { keys: ring.map((key) => key.publicJwk) } };
}
