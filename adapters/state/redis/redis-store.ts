import type { RecordSchema } from '../../../src/ports/state-record';
import type { Store, Versioned } from '../../../src/ports/store';
import { toJson, ttlMs } from '../json-value';
import { checkIndexQuery, checkIndexWrite } from '../ordered-index';
import { parseStoreRecord } from '../record-parsing';
import { compareAndDeleteScript, compareAndSetScript } from './compare-and-set-lua';
import type { RedisClient } from './redis-connection';
import { storeRecordUnusable, storeUnavailable } from './redis-errors';
import { readIndexPage } from './redis-index';
import { redisIndexKey, redisKey } from './redis-keys';
import { sha1Hex } from './lua-script';
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
 * lost idempotency record could book a ride twice. setIfAbsent is one SET NX, compare-and-set
 * one Lua script on the record's key, an index one sorted set: every command is single-key,
 * so all of it works on Redis Cluster.
 */
export const createRedisStore = ({ redis, namespace, codec = identityCodec }: RedisStoreDeps): Store => {
  const keyOf = (key: string) => redisKey(namespace, 'store', key);
  const indexKeyOf = (index: string) => redisIndexKey(namespace, index);

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

  const decode = async <T>(key: string, stored: string, schema: RecordSchema<T>): Promise<T> => {
    let json: string;
    try {
      json = await codec.decode(stored, keyOf(key));
    } catch (error) {
      throw storeRecordUnusable(error);
    }
    return parseStoreRecord(json, schema, key);
  };

  const ttlArg = (ttlSeconds: number | undefined) => (ttlSeconds === undefined ? 0 : ttlMs(ttlSeconds));

  return {
    async get<T>(key: string, schema: RecordSchema<T>): Promise<T | undefined> {
      const stored = await command(() => redis.get(keyOf(key)));
      return stored === null ? undefined : decode(key, stored, schema);
    },

    async getVersioned<T>(key: string, schema: RecordSchema<T>): Promise<Versioned<T> | undefined> {
      const stored = await command(() => redis.get(keyOf(key)));
      if (stored === null) return undefined;
      return { value: await decode(key, stored, schema), version: await sha1Hex(stored) };
    },

    async set(key: string, value: unknown, ttlSeconds?: number): Promise<void> {
      const stored = await encode(key, value);
      // A plain SET also clears any TTL an earlier write gave the key: "omitted = keep until deleted".
      await command(() =>
        ttlSeconds === undefined ? redis.set(keyOf(key), stored) : redis.set(keyOf(key), stored, 'PX', ttlMs(ttlSeconds)),
      );
    },

    async setIfAbsent(key: string, value: unknown, ttlSeconds?: number): Promise<boolean> {
      const stored = await encode(key, value);
      const reply = await command(() =>
        ttlSeconds === undefined
          ? redis.set(keyOf(key), stored, 'NX')
          : redis.set(keyOf(key), stored, 'PX', ttlMs(ttlSeconds), 'NX'),
      );
      return reply === 'OK';
    },

    async compareAndSet(key: string, expectedVersion: string | null, value: unknown, ttlSeconds?: number): Promise<boolean> {
      const stored = await encode(key, value);
      const reply = await command(() => compareAndSetScript(redis, [keyOf(key)], [expectedVersion ?? '', stored, ttlArg(ttlSeconds)]));
      return reply === 1;
    },

    async compareAndDelete(key: string, expectedVersion: string): Promise<boolean> {
      return (await command(() => compareAndDeleteScript(redis, [keyOf(key)], [expectedVersion]))) === 1;
    },

    async delete(key: string): Promise<void> {
      await command(() => redis.del(keyOf(key)));
    },

    async indexAdd(index: string, member: string, score: number): Promise<void> {
      checkIndexWrite(index, member, score);
      await command(() => redis.zadd(indexKeyOf(index), score, member));
    },

    async indexRemove(index: string, member: string): Promise<void> {
      checkIndexWrite(index, member);
      await command(() => redis.zrem(indexKeyOf(index), member));
    },

    async indexRange(index, query) {
      checkIndexQuery(index, query);
      return command(() => readIndexPage(redis, indexKeyOf(index), query));
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
