import { LRUCache } from 'lru-cache';
import type { Clock } from '../../../src/ports/clock';
import type { RateLimit, RateLimitDecision, RateLimiter } from '../../../src/ports/rate-limiter';
import { takeToken, type BucketState } from '../../shared/token-bucket';

export interface MemoryRateLimiterDeps {
  clock: Clock;
  /** Cap on buckets (default 10 000); keys are partner ids from config, so this is a safety net. */
  maxBuckets?: number;
}

/**
 * Token buckets in process memory, on the injected clock. One instance only: behind a load
 * balancer each instance would grant the full rate, which is why Redis is used when configured
 * (and why this is also the fail-open fallback of the Redis limiter).
 */
export const createMemoryRateLimiter = ({ clock, maxBuckets = 10_000 }: MemoryRateLimiterDeps): RateLimiter => {
  const buckets = new LRUCache<string, BucketState>({ max: maxBuckets });

  return {
    async take(key: string, limit: RateLimit): Promise<RateLimitDecision> {
      const { state, decision } = takeToken(buckets.get(key), limit, clock.now());
      buckets.set(key, state);
      return decision;
    },
  };
};
