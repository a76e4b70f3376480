import type { PartnerConfig } from '../../config/schema';
import type { AccessTokenVerifier } from '../auth/access-token-verifier';
import type { PartnerContext } from '../auth/partner';
import { GatewayError, isGatewayError } from '../domain/errors';
import type { Logger } from '../ports/logger';
import type { RateLimiter } from '../ports/rate-limiter';
import { errorResponse, NO_CREDENTIALS_REASON } from './error-response';
import { partnerRateLimit } from './partner-rate-limit';
import { REQUEST_ID_HEADER } from './request-id';

/**
 * Authenticates a request from its bearer token and resolves the partner from config.
 * One function, so every path into the gateway runs the same checks.
 */
export async function authenticatePartner(
  request: Request,
  deps: { verifier: AccessTokenVerifier; partners: ReadonlyMap<string, PartnerConfig> },
): Promise<PartnerContext> {
  const header = request.headers.get('authorization')?.trim() ?? '';
  // No header, or another scheme (Basic, ...): no bearer credentials at all (RFC 6750 3.1).
  if (!/^Bearer(\s|$)/i.test(header)) throw new GatewayError('UNAUTHENTICATED', 'Missing bearer token', { details: { reason: NO_CREDENTIALS_REASON } });
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
  if (!match?.[1]) throw new GatewayError('UNAUTHENTICATED', 'Malformed bearer token', { details: { reason: 'malformed' } });
  const token = await deps.verifier.verify(match[1]);
  const config = deps.partners.get(token.partnerId);
  if (!config || config.status !== 'active') {
    throw new GatewayError('UNAUTHENTICATED', 'Partner unknown or suspended', { details: { reason: 'partner' } });
  }
  // The token can never grant more than the partner holds now (config may have changed since issue).
  const scopes = new Set(token.scopes.filter((scope) => config.scopes.includes(scope)));
  return { id: config.id, name: config.name, scopes, config };
}

/** Either the partner, or the finished refusal (401 + WWW-Authenticate, 429 + Retry-After, 500), x-request-id set. */
export type Admission = { partner: PartnerContext; refusal?: undefined } | { partner?: undefined; refusal: Response };

/** Partner authentication and the per-partner rate limit, for any transport (Hono middleware, yoga plugin). */
export interface PartnerGate {
  admit(request: Request, requestId: string): Promise<Admission>;
}

export interface PartnerGateOptions {
  verifier: AccessTokenVerifier;
  partners: ReadonlyMap<string, PartnerConfig>;
  /** Per-partner token buckets; every admitted request takes one. */
  rateLimiter: RateLimiter;
  logger: Logger;
  /** Told of every request refused by the rate limit (metrics). */
  onRateLimited?: (partnerId: string) => void;
}

/**
 * The gate every partner request passes: bearer token, partner from config, then one token
 * from its rate-limit bucket. Refusals are answered here, so every transport answers alike.
 *
 * @example
 * ```ts
 * const gate = createPartnerGate({ verifier, partners, rateLimiter, logger });
 * const { partner, refusal } = await gate.admit(request, requestIdOf(request));
 * if (refusal) return refusal;
 * ```
 */
export function createPartnerGate(options: PartnerGateOptions): PartnerGate {
  if (!options.verifier || !options.partners || !options.rateLimiter || !options.logger) {
    throw new TypeError('createPartnerGate needs a verifier, partners, a rate limiter and a logger');
  }
  const rateLimit = partnerRateLimit(options.rateLimiter);
  return {
    async admit(request, requestId) {
      let partnerId: string | undefined;
      try {
        const partner = await authenticatePartner(request, options);
        partnerId = partner.id;
        await rateLimit(partner);
        return { partner };
      } catch (error) {
        if (!isGatewayError(error)) {
          options.logger.error('authentication failed unexpectedly', { requestId, error: error instanceof Error ? error.name : 'unknown' });
        }
        const refused = isGatewayError(error) ? error : new GatewayError('INTERNAL', 'Internal error');
        if (refused.code === 'RATE_LIMITED' && partnerId !== undefined) options.onRateLimited?.(partnerId);
        const reason = typeof refused.details?.['reason'] === 'string' ? refused.details['reason'] : undefined;
        options.logger.info('request refused', { requestId, code: refused.code, reason });
        return { refusal: errorResponse(refused, { [REQUEST_ID_HEADER]: requestId }) };
      }
    },
  };
}
