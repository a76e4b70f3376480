import type { JWK } from 'jose';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Why this value cannot be a gateway signing key (a private EC P-256 JWK with a kid, alg ES256 or
 * none), or null when it can. Describes the key's kind, never its material.
 */
export function gatewaySigningJwkProblem(jwk: unknown): string | null {
  if (!isRecord(jwk)) return 'does not hold a JWK object';
  const alg = typeof jwk['alg'] === 'string' ? jwk['alg'] : undefined;
  if (jwk['kty'] !== 'EC' || jwk['crv'] !== 'P-256' || (alg !== undefined && alg !== 'ES256')) {
    const kind = [typeof jwk['kty'] === 'string' ? jwk['kty'] : 'untyped', typeof jwk['crv'] === 'string' ? jwk['crv'] : undefined].filter(Boolean).join(' ');
    return `holds an ${kind} key (${alg ? `alg ${alg}` : 'no alg'}); gateway signing keys are ES256 (EC P-256)`;
  }
  if (typeof jwk['d'] !== 'string') return 'holds a public key; the private JWK (with "d") signs access tokens';
  if (typeof jwk['kid'] !== 'string' || jwk['kid'] === '') return 'needs a kid (published in the gateway JWKS)';
  return null;
}

export const isGatewaySigningJwk = (jwk: unknown): jwk is JWK => gatewaySigningJwkProblem(jwk) === null;
