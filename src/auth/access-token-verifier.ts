import { decodeProtectedHeader, jwtVerify, errors as joseErrors } from 'jose';
import { LRUCache } from 'lru-cache';
import { GatewayError } from '../domain/errors';
import type { Clock } from '../ports/clock';
import { checkClockTolerance, MAX_CLOCK_TOLERANCE_SECONDS } from './clock-tolerance';
import { ACCESS_TOKEN_ALG, type GatewayKeyRing } from './gateway-signing-keys';
import { parseScopes, type Scope } from './scopes';

export interface VerifiedAccessToken {
  partnerId: string;
  scopes: Scope[];
  /** Epoch seconds. */
  expiresAt: number;
}

export interface AccessTokenVerifier {
  /** Resolves the token's claims or throws GatewayError UNAUTHENTICATED (never says which check failed to the caller). */
  verify(token: string): Promise<VerifiedAccessToken>;
}

/** Tokens longer than this are refused before any parsing (cheap DoS guard). */
export const MAX_TOKEN_BYTES = 4096;

const unauthenticated = (reason: string, cause?: unknown) =>
  new GatewayError('UNAUTHENTICATED', 'Invalid or expired access token', { details: { reason }, cause });

/** SHA-256 of a token as text. WebCrypto by default; the Node runtime injects a synchronous one. */
export type TokenDigest = (token: string) => string | Promise<string>;

const webCryptoSha256: TokenDigest = async (text) => {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return btoa(String.fromCharCode(...digest));
};

/**
 * Verifies gateway-issued access tokens: fixed alg (ES256), known kid, iss, aud, exp/nbf, and
 * the issuer's own time rules: `iat` present and not in the future, `exp - iat` no longer than
 * the lifetime the gateway issues (so a token minted with a leaked key cannot live for a year).
 * Every time check allows at most `clockToleranceSeconds` (<= 5 s) of skew. Verified tokens are cached briefly by SHA-256 of the token (never past their `exp`), since
 * signature checking is a large share of the per-request budget.
 */
export function createAccessTokenVerifier(options: {
  keys: GatewayKeyRing;
  issuer: string;
  audience: string;
  clock: Clock;
  /** `accessTokenTtlSeconds`: the longest `exp - iat` a token may claim. */
  maxLifetimeSeconds: number;
  /** Skew allowed on exp/nbf/iat; default and maximum MAX_CLOCK_TOLERANCE_SECONDS. */
  clockToleranceSeconds?: number;
  cacheSize?: number;
  cacheSeconds?: number;
  /**
   * Node's WebCrypto digest hops to the thread pool on every call: profiled as the largest
   * single cost (CPU and idle wait) of an authenticated request. Node passes node:crypto's
   * synchronous hash here; Workers keep the default.
   */
  digest?: TokenDigest;
}): AccessTokenVerifier {
  const tolerance = checkClockTolerance(options.clockToleranceSeconds ?? MAX_CLOCK_TOLERANCE_SECONDS);
  if (!(options.maxLifetimeSeconds > 0)) throw new RangeError('maxLifetimeSeconds must be positive');
  const digest = options.digest ?? webCryptoSha256;
  const cacheMs = (options.cacheSeconds ?? 30) * 1000;
  const cache = new LRUCache<string, VerifiedAccessToken>({ max: options.cacheSize ?? 10_000 });

  const verifyUncached = async (token: string): Promise<VerifiedAccessToken> => {
    let kid: string | undefined;
    try {
      const header = decodeProtectedHeader(token);
      if (header.alg !== ACCESS_TOKEN_ALG) throw unauthenticated('alg');
      kid = header.kid;
    } catch (error) {
      throw error instanceof GatewayError ? error : unauthenticated('malformed', error);
    }
    const key = kid === undefined ? undefined : options.keys.byKid.get(kid);
    if (!key) throw unauthenticated('kid');
    try {
      const { payload } = await jwtVerify(token, key.publicKey, {
        algorithms: [ACCESS_TOKEN_ALG],
        issuer: options.issuer,
        audience: options.audience,
        typ: 'at+jwt',
        requiredClaims: ['exp', 'sub', 'iat'],
        clockTolerance: tolerance,
        currentDate: new Date(options.clock.now()),
      });
      if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number' || typeof payload.iat !== 'number') throw unauthenticated('claims');
      // jose checks `iat` only for being a number (its own future check needs maxTokenAge, which
      // bounds age, not lifetime): both time rules of our issuer are checked here.
      if (payload.iat > options.clock.now() / 1000 + tolerance) throw unauthenticated('iat-future');
      if (payload.exp - payload.iat > options.maxLifetimeSeconds) throw unauthenticated('lifetime');
      return { partnerId: payload.sub, scopes: parseScopes(payload.scope), expiresAt: payload.exp };
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      const reason =
        error instanceof joseErrors.JWTExpired
          ? 'expired'
          : error instanceof joseErrors.JWTClaimValidationFailed
            ? error.claim === 'nbf' && error.reason === 'check_failed' ? 'not-yet-valid' : 'claims'
            : 'signature';
      throw unauthenticated(reason, error);
    }
  };

  return {
    async verify(token) {
      if (token.length > MAX_TOKEN_BYTES) throw unauthenticated('size');
      const cacheKey = await digest(token);
      const nowMs = options.clock.now();
      const cached = cache.get(cacheKey);
      if (cached && cached.expiresAt * 1000 > nowMs) return cached;
      const verified = await verifyUncached(token);
      const ttl = Math.min(cacheMs, verified.expiresAt * 1000 - nowMs);
      if (ttl > 0) cache.set(cacheKey, verified, { ttl });
      return verified;
    },
  };
}
