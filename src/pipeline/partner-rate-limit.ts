import type { PartnerContext } from '../auth/partner';
import { GatewayError } from '../domain/errors';
import type { RateLimiter } from '../ports/rate-limiter';

/**
 * One token from the partner's bucket per request (rate and burst from its config);
 * RATE_LIMITED (429 + Retry-After) when the bucket is empty.
 */
export const partnerRateLimit =
  (limiter: RateLimiter) =>
  async (partner: PartnerContext): Promise<void> => {
    const decision = await limiter.take(`partner:${partner.id}`, partner.config.rateLimit);
    if (!decision.allowed) {
      throw new GatewayError('RATE_LIMITED', 'Rate limit exceeded for this partner', {
        details: { reason: 'rate-limit', retryAfterSeconds: decision.retryAfterSeconds },
      });
    }
  };
