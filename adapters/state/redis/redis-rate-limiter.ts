import { z } from 'zod';
import type { RateLimit, RateLimitDecision, RateLimiter } from '../../../src/ports/rate-limiter';
import { createLuaScript } from './lua-script';
import type { RedisClient } from './redis-connection';
import { sanitizeRedisError } from './redis-errors';

/**
 * One atomic token-bucket step. Time comes from the Redis server (TIME), not from the
 * instances, so skewed gateway clocks cannot mint tokens. Scripts replicate by effects
 * (default since Redis 5), which is what makes TIME allowed here; the call below enables it
 * on older servers and is a no-op on 7.
 * KEYS[1] = bucket hash; ARGV = perSecond, burst, ttl ms. Returns {allowed 0|1, remaining, retryAfterSeconds}.
 */
export const TOKEN_BUCKET_LUA = `
if redis.replicate_commands then redis.replicate_commands() end
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(math.max(now, at)))
redis.call('PEXPIRE', KEYS[1], ttl)
local retry = 0
if allowed == 0 then
  retry = math.max(1, math.ceil((1 - tokens) / rate))
end
return { allowed, math.floor(tokens), retry }
`;

const replySchema = z.tuple([z.union([z.literal(0), z.literal(1)]), z.number().int(), z.number().int()]);

const tokenBucketScript = createLuaScript(TOKEN_BUCKET_LUA);

export interface RedisRateLimiterDeps {
  redis: RedisClient;
  /** First segment of every key, e.g. "caregate". */
  namespace: string;
  /**
   * Used while Redis cannot answer. Failing open (a per-instance bucket, so N instances allow
   * up to N x the rate) keeps partners served during a Redis outage; failing closed would turn
   * a cache outage into a full gateway outage, against "Redis down is not an outage".
   */
  fallback: RateLimiter;
  /** Told once when the limiter falls back to local buckets (true) and once when Redis is back (false). */
  onDegradedChange?: (degraded: boolean, error?: Error) => void;
}

/**
 * Token buckets in Redis, shared by every gateway instance: one Lua script per request
 * (EVALSHA, EVAL once on NOSCRIPT), one hash per key. Keys are `<namespace>:ratelimit:{<key>}`;
 * the hash tag keeps each bucket on one Cluster slot.
 */
export const createRedisRateLimiter = ({ redis, namespace, fallback, onDegradedChange = () => {} }: RedisRateLimiterDeps): RateLimiter => {
  let degraded = false;

  return {
    async take(key: string, limit: RateLimit): Promise<RateLimitDecision> {
      // Past a full refill the bucket is full anyway, so Redis may drop it.
      const ttlMs = Math.ceil((limit.burst / limit.perSecond) * 1000) + 1000;
      try {
        const [allowed, remaining, retryAfterSeconds] = replySchema.parse(
          await tokenBucketScript(redis, [`${namespace}:ratelimit:{${key}}`], [limit.perSecond, limit.burst, ttlMs]),
        );
        if (degraded) {
          degraded = false;
          onDegradedChange(false);
        }
        return { allowed: allowed === 1, remaining: Math.max(0, remaining), retryAfterSeconds };
      } catch (error) {
        if (!degraded) {
          degraded = true;
          onDegradedChange(true, sanitizeRedisError(error));
        }
        return fallback.take(key, limit);
      }
    },
  };
};
