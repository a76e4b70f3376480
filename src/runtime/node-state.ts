import { createRedisStreamAuditSink } from '../../adapters/audit/redis-stream';
import { createMemoryCache, createMemoryRateLimiter, createMemoryStore } from '../../adapters/state/memory';
import {
  createRedisCache,
  createRedisConnection,
  createRedisRateLimiter,
  createRedisStore,
  isRedisReady,
  redisEndpointOf,
  redisErrorFields,
  redisPersistence,
  type RedisClient,
  type RedisConnectionOptions,
  type RedisTarget,
  type ValueCodec,
} from '../../adapters/state/redis';
import { throttledWarn } from '../observability/throttled-warn';
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

/**
 * REDIS_CLUSTER_NODES: comma-separated seed nodes, `host:port` or `redis[s]://[user:pass@]host:port`
 * (credentials and TLS are taken from the first URL and used for every node).
 */
export function parseClusterNodes(text: string): { target: RedisTarget; options: RedisConnectionOptions } {
  const options: RedisConnectionOptions = {};
  const nodes = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const url = new URL(part.includes('://') ? part : `redis://${part}`);
      if (url.protocol === 'rediss:') options.tls = true;
      if (url.username && options.username === undefined) options.username = decodeURIComponent(url.username);
      if (url.password && options.password === undefined) options.password = decodeURIComponent(url.password);
      return { host: url.hostname, port: Number(url.port || 6379) };
    });
  if (nodes.length === 0) throw new Error('REDIS_CLUSTER_NODES lists no node');
  return { target: { cluster: nodes }, options };
}

export interface NodeStateOptions {
  redisUrl: string | undefined;
  /** Redis Cluster seed nodes (REDIS_CLUSTER_NODES); wins over redisUrl. */
  redisClusterNodes?: string | undefined;
  clock: Clock;
  logger: Logger;
  namespace?: string | undefined;
  /** Seals cache and store values (AES-256-GCM, CACHE_ENCRYPTION_KEY); plaintext JSON when absent. */
  codec?: ValueCodec | undefined;
  /** Production: /readyz warns when the Redis holding the Store has no append-only file (or will not say). */
  requirePersistence?: boolean | undefined;
}

/** The readiness warning for a Store whose Redis may forget what it was told on a restart. */
export async function persistenceWarning(redis: RedisClient): Promise<string | null> {
  // While Redis is down the probe says so; "unknown" would only add noise.
  if (!isRedisReady(redis)) return null;
  const persistence = await redisPersistence(redis);
  if (persistence === 'aof') return null;
  return persistence === 'none'
    ? 'none: the Store\'s Redis has no append-only file; a restart or failover loses idempotency claims and ride records (enable appendonly)'
    : 'unknown: the Store\'s Redis does not say whether it persists (INFO and CONFIG refused); make sure appendonly is on';
}

/** Redis when REDIS_URL or REDIS_CLUSTER_NODES is set (shared across instances), otherwise process memory. */
export function createNodeState(options: NodeStateOptions): NodeState {
  const { clock, logger, codec } = options;
  if (!options.redisUrl && !options.redisClusterNodes) {
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
  const connection = options.redisClusterNodes
    ? parseClusterNodes(options.redisClusterNodes)
    : { target: options.redisUrl as string, options: {} satisfies RedisConnectionOptions };
  const redis = createRedisConnection(connection.target, connection.options);
  const endpoint = redisEndpointOf(redis);
  // Host, port and code say which Redis and what failed; the README promises one line per 10 s.
  const connectionWarning = throttledWarn(logger, 'redis error');
  redis.on('error', (error: Error) => connectionWarning(redisErrorFields(error, endpoint)));
  const store = createRedisStore({ redis, namespace, ...(codec ? { codec } : {}) });
  const cacheWarning = throttledWarn(logger, 'cache backend unavailable; answering from upstreams');
  return {
    cache: createRedisCache({ redis, clock, namespace, ...(codec ? { codec } : {}), onError: (_error, operation) => cacheWarning({ operation }) }),
    store,
    // Fails open to per-instance buckets while Redis is down (see createRedisRateLimiter).
    rateLimiter: createRedisRateLimiter({
      redis,
      namespace,
      fallback: createMemoryRateLimiter({ clock }),
      onDegradedChange: (degraded, error) =>
        degraded
          ? logger.warn('rate limiter: redis unavailable, failing open to per-instance buckets', redisErrorFields(error, endpoint))
          : logger.info('rate limiter: redis back, shared buckets again'),
    }),
    auditStream: createRedisStreamAuditSink({ redis, stream: `${namespace}:audit`, maxLength: AUDIT_STREAM_MAX_LENGTH }),
    redis,
    readiness: {
      name: 'redis',
      critical: false,
      probe: () => store.ping(),
      ...(options.requirePersistence ? { warning: () => persistenceWarning(redis) } : {}),
    },
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
