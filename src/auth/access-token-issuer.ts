import { SignJWT } from 'jose';
import type { Clock } from '../ports/clock';
import { ACCESS_TOKEN_ALG, type GatewayKeyRing } from './gateway-signing-keys';
import type { Scope } from './scopes';

export interface AccessTokenIssuer {
  issue(input: { partnerId: string; scopes: readonly Scope[] }): Promise<{ token: string; expiresIn: number }>;
}

export function createAccessTokenIssuer(options: {
  keys: GatewayKeyRing;
  issuer: string;
  audience: string;
  ttlSeconds: number;
  clock: Clock;
}): AccessTokenIssuer {
  return {
    async issue({ partnerId, scopes }) {
      const now = Math.floor(options.clock.now() / 1000);
      const token = await new SignJWT({ scope: scopes.join(' ') })
        .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, kid: options.keys.active.kid, typ: 'at+jwt' })
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setSubject(partnerId)
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(now + options.ttlSeconds)
        .setJti(crypto.randomUUID())
        .sign(options.keys.active.privateKey);
      return { token, expiresIn: options.ttlSeconds };
    },
  };
}
