import { createRedisStreamAuditSink } from '../../adapters/audit/redis-stream';
import { createMemoryCache, createMemoryRateLimiter, createMemoryStore } from '../../adapters/state/memory';
import { createRedisCache, createRedisConnection, createRedisRateLimiter, createRedisStore, type RedisClient } from '../../adapters/state/redis';
import type { AuditSink } from '../ports/audit-sink';
import type { ReadinessCheck } from '../http/readiness';
import type { Cache } from '../ports/cache';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { RateLimiter } from '../ports/rate-limiter';
import type { Store } from '../ports/store';

export interface NodeState {
  cache: Cache;
  store: Store;
  readiness?: ReadinessCheck;
  /** Per-partner token buckets: in Redis (one limit for all instances) or in memory. */
  rateLimiter: RateLimiter;
  /** The Redis Stream audit sink when Redis is configured (written besides stdout). */
  auditStream: AuditSink | null;
  redis: RedisClient | null;
  close(): Promise<void>;
}

/** Approximate cap of the audit stream: consumers must ship events to durable storage before they are trimmed. */
const AUDIT_STREAM_MAX_LENGTH = 100_000;

/** Redis when REDIS_URL is set (shared across instances), otherwise process memory. */
export function createNodeState(options: { redisUrl: string | undefined; clock: Clock; logger: Logger; namespace?: string }): NodeState {
  const { clock, logger } = options;
  if (!options.redisUrl) {
    return {
      cache: createMemoryCache({ clock, maxEntries: 50_000 }),
      store: createMemoryStore({ clock }),
      rateLimiter: createMemoryRateLimiter({ clock }),
      auditStream: null,
      redis: null,
      close: async () => {},
    };
  }
  const namespace = options.namespace ?? 'caregate';
  const redis = createRedisConnection(options.redisUrl);
  redis.on('error', (error: Error) => logger.warn('redis error', { error: error.name }));
  const store = createRedisStore({ redis, namespace });
  return {
    cache: createRedisCache({ redis, clock, namespace, onError: (_error, operation) => logger.warn('cache backend unavailable', { operation }) }),
    store,
    // Fails open to per-instance buckets while Redis is down (see createRedisRateLimiter).
    rateLimiter: createRedisRateLimiter({
      redis,
      namespace,
      fallback: createMemoryRateLimiter({ clock }),
      onDegradedChange: (degraded, error) =>
        degraded
          ? logger.warn('rate limiter: redis unavailable, failing open to per-instance buckets', { error: error?.name })
          : logger.info('rate limiter: redis back, shared buckets again'),
    }),
    auditStream: createRedisStreamAuditSink({ redis, stream: `${namespace}:audit`, maxLength: AUDIT_STREAM_MAX_LENGTH }),
    redis,
    readiness: { name: 'redis', critical: false, probe: () => store.ping() },
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
