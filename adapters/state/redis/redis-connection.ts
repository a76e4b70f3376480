import { Cluster, Redis, type ClusterNode } from 'ioredis';

/** A standalone connection or a Cluster client; the cache and store use only single-key commands. */
export type RedisClient = Redis | Cluster;

export type RedisTarget = string | { cluster: ClusterNode[] };

export interface RedisConnectionOptions {
  /** Prepended by ioredis to every key (e.g. "caregate:"), so several apps can share a server. */
  keyPrefix?: string;
  /** Give up a connection attempt after this long (default 2000 ms). */
  connectTimeoutMs?: number;
  /** Reject a command Redis has not answered in this long (default 1000 ms), so a hung server cannot stall requests. */
  commandTimeoutMs?: number;
  /** Attempts per command across reconnects before it rejects (default 1). */
  maxRetriesPerRequest?: number;
  /** Longest wait between reconnect attempts (default 2000 ms); attempts never stop. */
  maxReconnectDelayMs?: number;
  /** Cluster only (standalone URLs carry them): credentials and TLS for every node. */
  username?: string;
  password?: string;
  tls?: boolean;
  /**
   * Connection-level errors (refused, reset, timeouts). Without a listener ioredis prints
   * each one to the console; pass a logger call here. Messages hold host:port, no keys.
   */
  onError?: (error: Error) => void;
}

/**
 * Opens a Redis (or Redis Cluster) client tuned for a gateway that must keep answering while
 * Redis is down: no offline queue and few retries, so commands fail fast instead of piling up
 * in memory, and reconnection with capped exponential backoff that never gives up.
 */
export const createRedisConnection = (target: RedisTarget, options: RedisConnectionOptions = {}): RedisClient => {
  const {
    keyPrefix,
    connectTimeoutMs = 2000,
    commandTimeoutMs = 1000,
    maxRetriesPerRequest = 1,
    maxReconnectDelayMs = 2000,
    onError = () => {},
  } = options;
  const retryStrategy = (times: number) => Math.min(50 * 2 ** Math.min(times, 16), maxReconnectDelayMs);
  const common = {
    connectTimeout: connectTimeoutMs,
    commandTimeout: commandTimeoutMs,
    maxRetriesPerRequest,
    ...(keyPrefix === undefined ? {} : { keyPrefix }),
  };

  const client: RedisClient =
    typeof target === 'string'
      ? new Redis(target, { ...common, enableOfflineQueue: false, retryStrategy })
      : new Cluster(target.cluster, {
          ...(keyPrefix === undefined ? {} : { keyPrefix }),
          enableOfflineQueue: false,
          clusterRetryStrategy: retryStrategy,
          redisOptions: {
            ...common,
            ...(options.username === undefined ? {} : { username: options.username }),
            ...(options.password === undefined ? {} : { password: options.password }),
            ...(options.tls ? { tls: {} } : {}),
          },
        });
  client.on('error', (error: unknown) => onError(error instanceof Error ? error : new Error(String(error))));
  return client;
};

/** Where a standalone client connects (for log lines; a Cluster's errors name their node themselves). */
export const redisEndpointOf = (redis: RedisClient): { host: string; port: number } | undefined =>
  redis instanceof Redis && redis.options.host !== undefined && redis.options.port !== undefined ? { host: redis.options.host, port: redis.options.port } : undefined;

/** True when the client can take commands right now (for /readyz and the degraded flag). */
export const isRedisReady = (redis: RedisClient): boolean => redis.status === 'ready';

/**
 * Resolves true once the client is ready, false after `timeoutMs`. With the offline queue
 * off, commands sent before the first connect completes are rejected, so a composition root
 * that wants a warm start awaits this (and starts degraded when it answers false).
 */
export const waitForRedisReady = (redis: RedisClient, timeoutMs: number): Promise<boolean> => {
  if (isRedisReady(redis)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      resolve(false);
    }, timeoutMs);
    redis.once('ready', onReady);
  });
};
