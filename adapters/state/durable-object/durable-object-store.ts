import type { Store } from '../../../src/ports/store';
import { toJson, ttlMs } from '../json-value';
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

/**
 * Store over the CaregateState Durable Object: one object per key, so setIfAbsent is atomic
 * across every isolate and location (all callers of a key reach the same single-threaded
 * object), and unrelated keys never queue behind each other. Rejects with UPSTREAM_UNAVAILABLE
 * (details.component "store") when the object cannot be reached, like the Redis store: a
 * silently lost idempotency record could book a ride twice. No retries here: a failed
 * setIfAbsent may have written, so only the caller can decide what a retry means.
 */
export const createDurableObjectStore = ({ namespace, prefix, codec = identity }: DurableObjectStoreDeps): Store => {
  // A fresh stub per call: a stub that saw an exception may be broken for good.
  const objectFor = (key: string) => namespace.get(namespace.idFromName(storeObjectName(prefix, key)));

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

  const ttlOf = (ttlSeconds: number | undefined) => (ttlSeconds === undefined ? null : ttlMs(ttlSeconds));

  return {
    async get<T>(key: string): Promise<T | undefined> {
      const stored = await call(() => objectFor(key).getRecord(key));
      if (stored === null) return undefined;
      try {
        return JSON.parse(await codec.decode(stored, storeObjectName(prefix, key))) as T;
      } catch (error) {
        throw storeRecordUnusable(error);
      }
    },

    async set<T>(key: string, value: T, ttlSeconds?: number): Promise<void> {
      const stored = await encode(key, value);
      await call(() => objectFor(key).putRecord(key, stored, ttlOf(ttlSeconds)));
    },

    async setIfAbsent<T>(key: string, value: T, ttlSeconds?: number): Promise<boolean> {
      const stored = await encode(key, value);
      return call(() => objectFor(key).putRecordIfAbsent(key, stored, ttlOf(ttlSeconds)));
    },

    async delete(key: string): Promise<void> {
      await call(() => objectFor(key).deleteRecord(key));
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
