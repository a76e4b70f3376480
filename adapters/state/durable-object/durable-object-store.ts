import type { RecordSchema } from '../../../src/ports/state-record';
import type { Store, Versioned } from '../../../src/ports/store';
import { toJson, ttlMs } from '../json-value';
import { checkIndexQuery, checkIndexWrite, nextCursor } from '../ordered-index';
import { parseStoreRecord } from '../record-parsing';
import type { CaregateState } from './caregate-state';
import { storeRecordUnusable, storeUnavailable } from './state-errors';

export interface DurableObjectStoreDeps {
  /** The `CaregateState` binding (wrangler.toml `[[durable_objects.bindings]]`). */
  namespace: DurableObjectNamespace<CaregateState>;
  /** First segment of every object name, e.g. "caregate", so deployments sharing a class stay apart. */
  prefix: string;
  /**
   * Applied to the stored JSON (encryption at rest plugs in here); identity by default.
   * `context` is the record's object name: an encrypting codec binds it in, so records cannot be swapped.
   */
  codec?: { encode(plain: string, context?: string): Promise<string>; decode(stored: string, context?: string): Promise<string> };
}

const identity = { encode: async (plain: string) => plain, decode: async (stored: string) => stored };

/** Object name of the record `key`; also used by tests to look inside an object. */
export const storeObjectName = (prefix: string, key: string): string => `${prefix}:store:${key}`;

/** Object name of the ordered index `index`: the whole index lives in one object, so a range read is one query. */
export const indexObjectName = (prefix: string, index: string): string => `${prefix}:index:${index}`;

/**
 * Store over the CaregateState Durable Object: one object per key, so setIfAbsent and
 * compare-and-set are atomic across every isolate and location (all callers of a key reach the
 * same single-threaded object), and unrelated keys never queue behind each other; one object per
 * ordered index. Rejects with UPSTREAM_UNAVAILABLE (details.component "store") when the object
 * cannot be reached, like the Redis store: a silently lost idempotency record could book a ride
 * twice. No retries here: a failed conditional write may have written, so only the caller can
 * decide what a retry means.
 */
export const createDurableObjectStore = ({ namespace, prefix, codec = identity }: DurableObjectStoreDeps): Store => {
  // A fresh stub per call: a stub that saw an exception may be broken for good.
  const objectFor = (key: string) => namespace.get(namespace.idFromName(storeObjectName(prefix, key)));
  const indexObject = (index: string) => namespace.get(namespace.idFromName(indexObjectName(prefix, index)));

  const call = async <R>(run: () => Promise<R>): Promise<R> => {
    try {
      return await run();
    } catch (error) {
      throw storeUnavailable(error);
    }
  };

  const encode = async (key: string, value: unknown): Promise<string> => {
    const json = toJson(value, 'store');
    try {
      return await codec.encode(json, storeObjectName(prefix, key));
    } catch (error) {
      throw storeRecordUnusable(error);
    }
  };

  const decode = async <T>(key: string, stored: string, schema: RecordSchema<T>): Promise<T> => {
    let json: string;
    try {
      json = await codec.decode(stored, storeObjectName(prefix, key));
    } catch (error) {
      throw storeRecordUnusable(error);
    }
    return parseStoreRecord(json, schema, key);
  };

  const ttlOf = (ttlSeconds: number | undefined) => (ttlSeconds === undefined ? null : ttlMs(ttlSeconds));

  return {
    async get<T>(key: string, schema: RecordSchema<T>): Promise<T | undefined> {
      const stored = await call(() => objectFor(key).getRecord(key));
      return stored === null ? undefined : decode(key, stored, schema);
    },

    async getVersioned<T>(key: string, schema: RecordSchema<T>): Promise<Versioned<T> | undefined> {
      const stored = await call(() => objectFor(key).getVersionedRecord(key));
      return stored === null ? undefined : { value: await decode(key, stored.value, schema), version: stored.version };
    },

    async set(key: string, value: unknown, ttlSeconds?: number): Promise<void> {
      const stored = await encode(key, value);
      await call(() => objectFor(key).putRecord(key, stored, ttlOf(ttlSeconds)));
    },

    async setIfAbsent(key: string, value: unknown, ttlSeconds?: number): Promise<boolean> {
      const stored = await encode(key, value);
      return call(() => objectFor(key).putRecordIfAbsent(key, stored, ttlOf(ttlSeconds)));
    },

    async compareAndSet(key: string, expectedVersion: string | null, value: unknown, ttlSeconds?: number): Promise<boolean> {
      const stored = await encode(key, value);
      return call(() => objectFor(key).putRecordIfVersion(key, stored, ttlOf(ttlSeconds), expectedVersion));
    },

    async compareAndDelete(key: string, expectedVersion: string): Promise<boolean> {
      return call(() => objectFor(key).deleteRecordIfVersion(key, expectedVersion));
    },

    async delete(key: string): Promise<void> {
      await call(() => objectFor(key).deleteRecord(key));
    },

    async indexAdd(index: string, member: string, score: number): Promise<void> {
      checkIndexWrite(index, member, score);
      await call(() => indexObject(index).addToIndex(index, member, score));
    },

    async indexRemove(index: string, member: string): Promise<void> {
      checkIndexWrite(index, member);
      await call(() => indexObject(index).removeFromIndex(index, member));
    },

    async indexRange(index, query) {
      checkIndexQuery(index, query);
      const range = { min: query.min ?? null, max: query.max ?? null, limit: query.limit, after: query.after ?? null };
      const entries = await call(() => indexObject(index).readIndex(index, range));
      return { entries, next: nextCursor(entries, query.limit) };
    },

    async ping(): Promise<boolean> {
      try {
        return (await namespace.get(namespace.idFromName(`${prefix}:ping`)).ping()) === true;
      } catch {
        return false;
      }
    },
  };
};
