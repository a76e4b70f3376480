import type { Store } from '../../../src/ports/store';
import { toJson, ttlMs } from '../json-value';
import type { RedisClient } from './redis-connection';
import { storeRecordUnusable, storeUnavailable } from './redis-errors';
import { redisKey } from './redis-keys';
import { identityCodec, type ValueCodec } from './value-codec';

export interface RedisStoreDeps {
  redis: RedisClient;
  /** First segment of every key, e.g. "caregate". */
  namespace: string;
  /** Applied to the stored JSON (encryption at rest plugs in here); identity by default. */
  codec?: ValueCodec;
}

/**
 * Store over Redis, shared by every gateway instance. Unlike the cache it rejects when Redis
 * is unreachable (GatewayError UPSTREAM_UNAVAILABLE, details.component "store"): a silently
 * lost idempotency record could book a ride twice. setIfAbsent is one SET NX, atomic across
 * instances.
 */
export const createRedisStore = ({ redis, namespace, codec = identityCodec }: RedisStoreDeps): Store => {
  const keyOf = (key: string) => redisKey(namespace, 'store', key);

  const command = async <R>(run: () => Promise<R>): Promise<R> => {
    try {
      return await run();
    } catch (error) {
      throw storeUnavailable(error);
    }
  };

  const encode = async (key: string, value: unknown): Promise<string> => {
    const json = toJson(value, 'store');
    try {
      return await codec.encode(json, keyOf(key));
    } catch (error) {
      throw storeRecordUnusable(error);
    }
  };

  return {
    async get<T>(key: string): Promise<T | undefined> {
      const stored = await command(() => redis.get(keyOf(key)));
      if (stored === null) return undefined;
      try {
        return JSON.parse(await codec.decode(stored, keyOf(key))) as T;
      } catch (error) {
        throw storeRecordUnusable(error);
      }
    },

    async set<T>(key: string, value: T, ttlSeconds?: number): Promise<void> {
      const stored = await encode(key, value);
      // A plain SET also clears any TTL an earlier write gave the key: "omitted = keep until deleted".
      await command(() =>
        ttlSeconds === undefined ? redis.set(keyOf(key), stored) : redis.set(keyOf(key), stored, 'PX', ttlMs(ttlSeconds)),
      );
    },

    async setIfAbsent<T>(key: string, value: T, ttlSeconds?: number): Promise<boolean> {
      const stored = await encode(key, value);
      const reply = await command(() =>
        ttlSeconds === undefined
          ? redis.set(keyOf(key), stored, 'NX')
          : redis.set(keyOf(key), stored, 'PX', ttlMs(ttlSeconds), 'NX'),
      );
      return reply === 'OK';
    },

    async delete(key: string): Promise<void> {
      await command(() => redis.del(keyOf(key)));
    },

    async ping(): Promise<boolean> {
      try {
        return (await redis.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
  };
};
