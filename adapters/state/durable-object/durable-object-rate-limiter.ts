import type { RateLimit, RateLimitDecision, RateLimiter } from '../../../src/ports/rate-limiter';
import type { CaregateState } from './caregate-state';
import { sanitizeObjectError } from './state-errors';

export interface DurableObjectRateLimiterDeps {
  namespace: DurableObjectNamespace<CaregateState>;
  /** First segment of every object name, e.g. "caregate". */
  prefix: string;
  /**
   * Used while the object cannot answer. Failing open to a per-isolate bucket keeps partners
   * served (each isolate then grants up to the full rate); failing closed would turn a state
   * outage into a gateway outage. Same policy as the Redis limiter.
   */
  fallback: RateLimiter;
  /** Told once when the limiter falls back (true) and once when the object answers again (false). */
  onDegradedChange?: (degraded: boolean, error?: Error) => void;
}

/** Object name of the bucket `key`. */
export const bucketObjectName = (prefix: string, key: string): string => `${prefix}:ratelimit:${key}`;

/**
 * Token buckets in the CaregateState Durable Object, one object per key (partner): every
 * isolate and edge location takes from the same bucket, so N isolates enforce one limit, not
 * N. The object's clock refills the bucket, so isolates' clocks do not matter.
 */
export const createDurableObjectRateLimiter = ({ namespace, prefix, fallback, onDegradedChange = () => {} }: DurableObjectRateLimiterDeps): RateLimiter => {
  let degraded = false;
  return {
    async take(key: string, limit: RateLimit): Promise<RateLimitDecision> {
      try {
        const decision = await namespace.get(namespace.idFromName(bucketObjectName(prefix, key))).takeToken(key, limit.perSecond, limit.burst);
        if (degraded) {
          degraded = false;
          onDegradedChange(false);
        }
        return { allowed: decision.allowed, remaining: Math.max(0, decision.remaining), retryAfterSeconds: decision.retryAfterSeconds };
      } catch (error) {
        if (!degraded) {
          degraded = true;
          onDegradedChange(true, sanitizeObjectError(error));
        }
        return fallback.take(key, limit);
      }
    },
  };
};
