import { importJWK, SignJWT, type JWK } from 'jose';
import { sandboxGatewaySigningJwk, sandboxPartnerPrivateJwks } from '../../config/sandbox/sandbox-keys';

// Tokens signed with the committed sandbox keys, for Node, workerd and scripts alike (no vitest import here).

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * A gateway access token as the gateway itself would issue it (sandbox signing key); `times`
 * (epoch seconds) forges other iat/exp/nbf with the real key, so only the time checks can refuse it.
 */
export async function sandboxAccessToken(
  publicUrl: string,
  partnerId: string,
  scopes: string[],
  times: { iat?: number; exp?: number; nbf?: number } = {},
): Promise<string> {
  const key = await importJWK(sandboxGatewaySigningJwk as JWK, 'ES256');
  const jwt = new SignJWT({ scope: scopes.join(' ') })
    .setProtectedHeader({ alg: 'ES256', kid: sandboxGatewaySigningJwk.kid, typ: 'at+jwt' })
    .setIssuer(publicUrl)
    .setAudience('caregate')
    .setSubject(partnerId)
    .setIssuedAt(times.iat ?? nowSeconds())
    .setExpirationTime(times.exp ?? nowSeconds() + 120);
  if (times.nbf !== undefined) jwt.setNotBefore(times.nbf);
  return jwt.sign(key);
}

/** A SMART Backend Services client assertion signed with a sandbox partner's committed key. */
export async function sandboxClientAssertion(publicUrl: string, partnerId: string): Promise<string> {
  const jwk = sandboxPartnerPrivateJwks[partnerId];
  if (!jwk) throw new Error(`no sandbox key for ${partnerId}`);
  const key = await importJWK(jwk as JWK, jwk.alg);
  return new SignJWT({ jti: crypto.randomUUID() })
    .setProtectedHeader({ alg: jwk.alg, kid: jwk.kid, typ: 'JWT' })
    .setIssuer(partnerId)
    .setSubject(partnerId)
    .setAudience(`${publicUrl}/oauth/token`)
    .setIssuedAt(nowSeconds())
    .setExpirationTime(nowSeconds() + 240)
    .sign(key);
}
