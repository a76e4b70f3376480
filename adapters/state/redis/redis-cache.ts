import { z } from 'zod';
import type { Cache, CacheLookup, CacheSetOptions } from '../../../src/ports/cache';
import type { Clock } from '../../../src/ports/clock';
import type { RecordSchema } from '../../../src/ports/state-record';
import { toJson, ttlMs } from '../json-value';
import { parseCacheValue } from '../record-parsing';
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
    async get<T>(key: string, schema: RecordSchema<T>): Promise<CacheLookup<T>> {
      let entry: z.infer<typeof storedEntrySchema>;
      try {
        const stored = await redis.get(keyOf(key));
        if (stored === null) return { entry: undefined, invalid: false };
        entry = storedEntrySchema.parse(JSON.parse(await codec.decode(stored, keyOf(key))));
      } catch (error) {
        report(error, 'get');
        return { entry: undefined, invalid: false };
      }
      const parsed = parseCacheValue(entry.v, schema);
      if (parsed.ok) return { entry: { value: parsed.value, storedAt: entry.s, freshUntil: entry.f }, invalid: false };
      // Written by another deploy (or damaged): drop it so the next read goes upstream and rewrites it.
      await redis.del(keyOf(key)).catch((error: unknown) => report(error, 'delete'));
      return { entry: undefined, invalid: true };
    },

    async set(key: string, value: unknown, { ttlSeconds, staleSeconds = 0 }: CacheSetOptions): Promise<void> {
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
