import { LRUCache } from 'lru-cache';
import type { Clock } from '../../../src/ports/clock';
import type { RateLimit, RateLimitDecision, RateLimiter } from '../../../src/ports/rate-limiter';

export interface MemoryRateLimiterDeps {
  clock: Clock;
  /** Cap on buckets (default 10 000); keys are partner ids from config, so this is a safety net. */
  maxBuckets?: number;
}

interface Bucket {
  tokens: number;
  /** Epoch ms of the last refill. */
  at: number;
}

/**
 * Token buckets in process memory, on the injected clock. One instance only: behind a load
 * balancer each instance would grant the full rate, which is why Redis is used when configured
 * (and why this is also the fail-open fallback of the Redis limiter).
 */
export const createMemoryRateLimiter = ({ clock, maxBuckets = 10_000 }: MemoryRateLimiterDeps): RateLimiter => {
  const buckets = new LRUCache<string, Bucket>({ max: maxBuckets });

  return {
    async take(key: string, { perSecond, burst }: RateLimit): Promise<RateLimitDecision> {
      const now = clock.now();
      const bucket = buckets.get(key) ?? { tokens: burst, at: now };
      // A clock that steps back must not mint tokens (or take them away).
      const elapsedMs = Math.max(0, now - bucket.at);
      let tokens = Math.min(burst, bucket.tokens + (elapsedMs * perSecond) / 1000);
      const allowed = tokens >= 1;
      if (allowed) tokens -= 1;
      buckets.set(key, { tokens, at: Math.max(now, bucket.at) });
      return {
        allowed,
        remaining: Math.floor(tokens),
        retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / perSecond)),
      };
    },
  };
};
