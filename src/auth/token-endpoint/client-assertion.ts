import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { PartnerConfig } from '../../../config/schema';
import type { Clock } from '../../ports/clock';
import type { Store } from '../../ports/store';
import { checkClockTolerance, MAX_CLOCK_TOLERANCE_SECONDS } from '../clock-tolerance';
import { OAuthError } from './oauth-error';
import { isAssertionAlg, type PartnerKeyResolver } from './partner-keys';

/** Larger assertions are refused before any decoding (an RS384 assertion with a 4096-bit key is ~1.2 KB). */
export const MAX_ASSERTION_BYTES = 8192;
/** SMART Backend Services: `exp` no more than five minutes in the future. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;
const MAX_JTI_LENGTH = 256;

export interface ClientAssertionVerifierOptions {
  partners: ReadonlyMap<string, PartnerConfig>;
  keys: PartnerKeyResolver;
  /** Used `jti`s live here, so a replay is caught whichever instance it reaches. */
  store: Store;
  clock: Clock;
  /** One `aud` an assertion may carry: `${publicUrl}/oauth/token` (what SMART names). */
  tokenUrl: string;
  /** The other (RFC 7523 section 3: a value identifying the server; openid-client sends this one). */
  issuer: string;
  /** Skew allowed on exp/nbf/iat; default and maximum MAX_CLOCK_TOLERANCE_SECONDS. */
  clockToleranceSeconds?: number;
}

export interface ClientAssertionVerifier {
  /** The partner that signed `assertion`, or OAuthError (invalid_client / invalid_request / temporarily_unavailable). */
  verify(assertion: string, clientIdParam?: string | null): Promise<PartnerConfig>;
}

const invalidClient = (description: string, cause?: unknown) => new OAuthError('invalid_client', description, { cause });

const sha256Base64Url = async (text: string): Promise<string> => {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return btoa(String.fromCharCode(...digest)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const AUD_RULE = 'aud must be the token endpoint URL or the issuer';

/** jose's claim failures, named after the check that failed. */
const describeJoseFailure = (error: unknown): string => {
  if (error instanceof joseErrors.JWTExpired) return 'assertion expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf' || error.claim === 'iat') return 'assertion not yet valid';
    if (error.claim === 'aud') return AUD_RULE;
    if (error.claim === 'iss' || error.claim === 'sub') return 'iss and sub must both be the client id';
    return `missing or invalid claim ${error.claim}`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad signature';
  return 'assertion rejected';
};

/**
 * Checks a SMART Backend Services client assertion (RFC 7523 private_key_jwt). Cheap checks
 * first (size, header, registered client), then the signature, then the claims, then the `jti`
 * replay record, written only for assertions that passed everything else.
 */
export function createClientAssertionVerifier(options: ClientAssertionVerifierOptions): ClientAssertionVerifier {
  const tolerance = checkClockTolerance(options.clockToleranceSeconds ?? MAX_CLOCK_TOLERANCE_SECONDS);
  const audiences = [options.tokenUrl, options.issuer];
  return {
    async verify(assertion, clientIdParam) {
      if (assertion.length > MAX_ASSERTION_BYTES) throw new OAuthError('invalid_request', 'client_assertion too large');
      let header: ReturnType<typeof decodeProtectedHeader>;
      let unverified: JWTPayload;
      try {
        header = decodeProtectedHeader(assertion);
        unverified = decodeJwt(assertion);
      } catch (error) {
        throw invalidClient('client_assertion is not a JWS', error);
      }
      // Fixed allow-list: alg "none", HS* (a public key used as an HMAC secret) and anything else stop here.
      if (!isAssertionAlg(header.alg)) throw invalidClient('alg must be RS384 or ES384');
      if (typeof header.kid !== 'string' || header.kid === '') throw invalidClient('kid header required');

      const clientId = unverified.iss;
      if (typeof clientId !== 'string' || clientId === '') throw invalidClient('iss required');
      if (unverified.sub !== clientId) throw invalidClient('iss and sub must both be the client id');
      if (clientIdParam && clientIdParam !== clientId) throw invalidClient('client_id does not match the assertion');
      const partner = options.partners.get(clientId);
      if (!partner) throw invalidClient('unknown client');
      if (partner.status !== 'active') throw invalidClient('client suspended');
      // We never fetch a jku: one that is present must be the URI registered for this client.
      if (header.jku !== undefined && !(partner.keys && 'jwksUri' in partner.keys && partner.keys.jwksUri === header.jku)) {
        throw invalidClient('jku is not the registered jwksUri');
      }

      const key = await options.keys.resolve(partner, header.kid, header.alg);
      const nowMs = options.clock.now();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(assertion, key, {
          algorithms: [header.alg],
          issuer: clientId,
          subject: clientId,
          audience: audiences,
          requiredClaims: ['exp', 'jti'],
          clockTolerance: tolerance,
          currentDate: new Date(nowMs),
        }));
      } catch (error) {
        throw invalidClient(describeJoseFailure(error), error);
      }
      // jose accepts an aud array holding one of ours beside anything; an assertion meant for another server too is not for us.
      if (Array.isArray(payload.aud) && !payload.aud.every((aud) => audiences.includes(aud))) throw invalidClient(AUD_RULE);
      const exp = payload.exp as number; // requiredClaims + jose's type check guarantee a number
      const nowS = nowMs / 1000;
      if (exp - nowS > MAX_ASSERTION_LIFETIME_SECONDS + tolerance) throw invalidClient('exp more than 5 minutes ahead');
      // SMART does not require iat; one that is sent must not be in the future (jose checks only its type).
      if (typeof payload.iat === 'number' && payload.iat > nowS + tolerance) throw invalidClient('assertion not yet valid');
      const jti = payload.jti;
      if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_LENGTH) throw invalidClient('jti required (at most 256 characters)');

      // Kept until the assertion could no longer pass the exp check anyway.
      const ttlSeconds = Math.max(1, Math.ceil(exp + tolerance - nowS));
      let fresh: boolean;
      try {
        fresh = await options.store.setIfAbsent(`oauth-jti:${await sha256Base64Url(`${clientId}\u001f${jti}`)}`, 1, ttlSeconds);
      } catch (error) {
        // Without the replay record we cannot tell a replay from a first use: refuse, retryably.
        throw new OAuthError('temporarily_unavailable', 'replay check unavailable; retry shortly', { cause: error });
      }
      if (!fresh) throw invalidClient('jti already used');
      return partner;
    },
  };
}
