export {
  createRedisConnection,
  isRedisReady,
  redisEndpointOf,
  waitForRedisReady,
  type RedisClient,
  type RedisConnectionOptions,
  type RedisTarget,
} from './redis-connection';
export { createRedisCache, type CacheOperation, type RedisCacheDeps } from './redis-cache';
export { createRedisStore, type RedisStoreDeps } from './redis-store';
export { redisErrorFields, sanitizeRedisError } from './redis-errors';
export { identityCodec, type ValueCodec } from './value-codec';
export { createRedisRateLimiter, TOKEN_BUCKET_LUA, type RedisRateLimiterDeps } from './redis-rate-limiter';
export { redisPersistence, type RedisPersistence } from './redis-persistence';
