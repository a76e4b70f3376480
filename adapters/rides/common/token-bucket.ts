import type { Clock } from '../../../src/ports/clock';
import { GatewayError } from '../../../src/domain/errors';

/**
 * Client-side budget per vendor, so one busy partner cannot spend the account's whole quota
 * and get every partner throttled by the vendor. A plain token bucket: `burst` at once,
 * refilled at `perSecond`. Time comes from the Clock so tests need not wait.
 */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export interface TokenBucket {
  /** Takes one token or throws RATE_LIMITED with the seconds until the next one. */
  take(): void;
}

export function createTokenBucket(limit: RateLimit, clock: Clock, sourceId: string): TokenBucket {
  if (!(limit.perSecond > 0) || !(limit.burst >= 1)) throw new Error('rateLimit needs perSecond > 0 and burst >= 1');
  let tokens = limit.burst;
  let refilledAt = clock.now();
  return {
    take() {
      const now = clock.now();
      tokens = Math.min(limit.burst, tokens + (Math.max(0, now - refilledAt) / 1000) * limit.perSecond);
      refilledAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      const waitMs = ((1 - tokens) / limit.perSecond) * 1000;
      throw new GatewayError('RATE_LIMITED', 'Too many requests to this ride source; try again shortly', {
        details: { sourceId, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) },
      });
    },
  };
}
