import { importJWK, SignJWT, type JWK } from 'jose';
import { z } from 'zod';
import { GatewayError } from '../../../../src/domain/errors';
import type { Clock } from '../../../../src/ports/clock';
import { createTokenCache, type IssuedToken } from '../../../shared/oauth/token-cache';
import { readUpstreamJson, upstreamRequest, type UpstreamDeps } from '../../../shared/upstream-request';
import type { UpstreamAuth } from './upstream-auth';

/**
 * SMART Backend Services client (client_credentials with a `private_key_jwt` assertion).
 * The shared token cache keeps the token until shortly before `expires_in` and has concurrent
 * callers share one token request; a 401 from the FHIR server drops the token so the next call
 * fetches a new one.
 */
export interface SmartBackendAuthConfig {
  tokenUrl: string;
  clientId: string;
  /** Private JWK including `kid` and `alg` (RS384 or ES384, as SMART requires). */
  privateJwk: JWK;
  scope: string;
}

export interface SmartBackendAuthDeps extends Pick<UpstreamDeps, 'fetch' | 'sleep' | 'onAttempt'> {
  sourceId: string;
  clock: Clock;
  timeoutMs: number;
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/**
 * SMART and Epic refuse an assertion whose `exp` is more than five minutes ahead of THEIR clock
 * (https://fhir.epic.com/Documentation?docId=oauth2, "Backend Services": exp "no more than 5
 * minutes in the future"). Exactly five minutes fails as soon as our clock runs ahead of theirs,
 * so assertions live four: a minute of skew to spare, and still far longer than one request takes.
 */
const ASSERTION_LIFETIME_S = 240;
/** Used when a server omits `expires_in` (SMART requires it; be conservative). */
const DEFAULT_TOKEN_LIFETIME_S = 300;
const allowedAlgorithms = new Set(['RS384', 'ES384']);

const tokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().refine((type) => type.toLowerCase() === 'bearer'),
  expires_in: z.number().positive().optional(),
  scope: z.string().optional(),
});

const oauthErrorBody = z.looseObject({ error: z.string().regex(/^[a-z_]{1,64}$/) });

const bearerPrefix = 'Bearer ';

export function createSmartBackendAuth(config: SmartBackendAuthConfig, deps: SmartBackendAuthDeps): UpstreamAuth {
  const alg = config.privateJwk.alg;
  if (!alg || !allowedAlgorithms.has(alg)) throw new Error('SMART private key needs alg RS384 or ES384');
  if (!config.privateJwk.kid) throw new Error('SMART private key needs a kid');
  const kid = config.privateJwk.kid;
  const keyPromise = importJWK(config.privateJwk, alg);

  const signAssertion = async (): Promise<string> => {
    const nowS = Math.floor(deps.clock.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg, kid, typ: 'JWT' })
      .setIssuer(config.clientId)
      .setSubject(config.clientId)
      .setAudience(config.tokenUrl)
      .setJti(crypto.randomUUID())
      .setIssuedAt(nowS)
      .setExpirationTime(nowS + ASSERTION_LIFETIME_S)
      .sign(await keyPromise);
  };

  const requestToken = async (): Promise<IssuedToken> => {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: config.scope,
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: await signAssertion(),
    });
    const response = await upstreamRequest(deps, {
      sourceId: deps.sourceId,
      url: config.tokenUrl,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      timeoutMs: deps.timeoutMs,
      // The assertion's jti is single-use, so the same body must not be sent twice.
      idempotent: false,
      passStatuses: [400, 401],
    });
    if (!response.ok) {
      const parsed = oauthErrorBody.safeParse(await response.json().catch(() => null));
      throw new GatewayError('UPSTREAM_UNAVAILABLE', 'Upstream token endpoint refused the gateway credentials', {
        retryable: false,
        details: { sourceId: deps.sourceId, upstreamStatus: response.status, oauthError: parsed.success ? parsed.data.error : null },
      });
    }
    const token = await readUpstreamJson(response, tokenResponse, deps.sourceId);
    return { accessToken: token.access_token, expiresInSeconds: token.expires_in ?? DEFAULT_TOKEN_LIFETIME_S };
  };

  const tokens = createTokenCache(requestToken, deps.clock);

  return {
    type: 'smart-backend',
    headers: async () => ({ authorization: `${bearerPrefix}${await tokens.get()}` }),
    unauthorized: (rejected) => {
      // The cache drops only the token that was refused; another request may already hold a fresh one.
      const authorization = rejected.authorization;
      if (authorization?.startsWith(bearerPrefix)) tokens.invalidate(authorization.slice(bearerPrefix.length));
      return true;
    },
  };
}
