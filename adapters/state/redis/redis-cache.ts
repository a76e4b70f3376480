import { z } from 'zod';
import type { Cache, CacheEntry, CacheSetOptions } from '../../../src/ports/cache';
import type { Clock } from '../../../src/ports/clock';
import { toJson, ttlMs } from '../json-value';
import type { RedisClient } from './redis-connection';
import { sanitizeRedisError } from './redis-errors';
import { redisKey } from './redis-keys';
import { identityCodec, type ValueCodec } from './value-codec';

export type CacheOperation = 'get' | 'set' | 'delete';

export interface RedisCacheDeps {
  redis: RedisClient;
  clock: Clock;
  /** First segment of every key, e.g. "caregate". */
  namespace: string;
  /** Applied to the stored JSON (encryption at rest plugs in here); identity by default. */
  codec?: ValueCodec;
  /**
   * Told about every swallowed failure. The error carries the Redis message only, and the
   * operation name is all a log line should add: no key, no value.
   */
  onError?: (error: Error, operation: CacheOperation) => void;
}

/** What one cache entry looks like in Redis (short names: it is stored once per entry). */
const storedEntrySchema = z.object({ v: z.unknown(), s: z.number(), f: z.number() });

/**
 * Cache over Redis, shared by every gateway instance. Best effort by contract: an outage or
 * an unreadable entry is reported to `onError` and answered as a miss, so callers go to the
 * upstream. Redis expires entries after fresh + stale seconds.
 */
export const createRedisCache = ({ redis, clock, namespace, codec = identityCodec, onError = () => {} }: RedisCacheDeps): Cache => {
  const keyOf = (key: string) => redisKey(namespace, 'cache', key);
  const report = (error: unknown, operation: CacheOperation) => onError(sanitizeRedisError(error), operation);

  return {
    async get<T>(key: string): Promise<CacheEntry<T> | undefined> {
      try {
        const stored = await redis.get(keyOf(key));
        if (stored === null) return undefined;
        const entry = storedEntrySchema.parse(JSON.parse(await codec.decode(stored, keyOf(key))));
        return { value: entry.v as T, storedAt: entry.s, freshUntil: entry.f };
      } catch (error) {
        report(error, 'get');
        return undefined;
      }
    },

    async set<T>(key: string, value: T, { ttlSeconds, staleSeconds = 0 }: CacheSetOptions): Promise<void> {
      const storedAt = clock.now();
      // Outside the try: a value that is not JSON is the caller's bug, not an outage.
      const json = toJson({ v: value, s: storedAt, f: storedAt + ttlSeconds * 1000 }, 'cache');
      try {
        await redis.set(keyOf(key), await codec.encode(json, keyOf(key)), 'PX', ttlMs(ttlSeconds + staleSeconds));
      } catch (error) {
        report(error, 'set');
      }
    },

    async delete(key: string): Promise<void> {
      try {
        await redis.del(keyOf(key));
      } catch (error) {
        report(error, 'delete');
      }
    },
  };
};
