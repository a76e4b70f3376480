import type { JWK } from 'jose';
import { SecretValueError } from '../../../shared/secret-value-error';

/** SMART Backend Services allow these for client assertions; Epic and Oracle Health refuse others. */
const SMART_ALGORITHMS: Readonly<Record<string, { kty: string; crv?: string }>> = {
  RS384: { kty: 'RSA' },
  ES384: { kty: 'EC', crv: 'P-384' },
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What kind of key this is, in words an operator can match against their key file (no key material). */
const keyKind = (jwk: Record<string, unknown>): string => {
  const kind = [typeof jwk['kty'] === 'string' ? jwk['kty'] : 'untyped', typeof jwk['crv'] === 'string' ? jwk['crv'] : undefined].filter(Boolean).join(' ');
  return `an ${kind} key (${typeof jwk['alg'] === 'string' ? `alg ${jwk['alg']}` : 'no alg'})`;
};

/**
 * The SMART client's private JWK from its secret text, checked before anything is signed with it:
 * JSON, a private key, a kid, and alg RS384 or ES384 matching the key type. `field` names the
 * secret inside the source for the error.
 */
export function parseSmartPrivateJwk(text: string, field: string): JWK {
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch {
    throw new SecretValueError(field, 'does not hold JWK JSON');
  }
  if (!isRecord(jwk)) throw new SecretValueError(field, 'does not hold a JWK object');
  const alg = typeof jwk['alg'] === 'string' ? jwk['alg'] : undefined;
  const expected = alg ? SMART_ALGORITHMS[alg] : undefined;
  if (!expected || jwk['kty'] !== expected.kty || (expected.crv !== undefined && jwk['crv'] !== expected.crv)) {
    throw new SecretValueError(field, `holds ${keyKind(jwk)}; SMART Backend Services need alg RS384 (RSA) or ES384 (EC P-384)`);
  }
  if (typeof jwk['d'] !== 'string') throw new SecretValueError(field, 'holds a public key; the private JWK (with "d") signs the client assertion');
  if (typeof jwk['kid'] !== 'string' || jwk['kid'] === '') throw new SecretValueError(field, 'needs a kid (the key id of the JWKS the EHR has registered)');
  return jwk;
}
