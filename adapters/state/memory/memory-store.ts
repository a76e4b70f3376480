import { LRUCache } from 'lru-cache';
import type { Clock } from '../../../src/ports/clock';
import type { RecordSchema } from '../../../src/ports/state-record';
import type { Store, Versioned } from '../../../src/ports/store';
import { toJson, ttlMs } from '../json-value';
import { checkIndexQuery, checkIndexWrite } from '../ordered-index';
import { parseStoreRecord } from '../record-parsing';
import { createMemoryIndexes } from './memory-index';

export interface MemoryStoreDeps {
  clock: Clock;
  /**
   * Cap on records (default 100 000). Past it the least recently used record is dropped:
   * memory mode is one process with no durability anyway, and an unbounded map keyed by
   * partner input would be a memory-exhaustion lever.
   */
  maxEntries?: number;
}

interface StoredRecord {
  json: string;
  /** A counter per write: a record deleted and created again never gets an old version back. */
  version: string;
}

/**
 * In-process Store for a single gateway instance (sandbox, tests, one-box deployments).
 * TTLs run on the injected clock. setIfAbsent and the compare-and-set calls are atomic because
 * check and write happen in one synchronous step; across instances use the Redis store.
 */
export const createMemoryStore = ({ clock, maxEntries = 100_000 }: MemoryStoreDeps): Store => {
  const lru = new LRUCache<string, StoredRecord>({
    max: maxEntries,
    // See memory-cache.ts: lru-cache reads a start time of 0 as "no TTL".
    perf: { now: () => clock.now() + 1 },
    ttlResolution: 0,
    allowStale: false,
  });
  const indexes = createMemoryIndexes();
  let writes = 0;

  // ttl 0 is lru-cache's "never expires"; an explicit 0 also clears a TTL an earlier set gave the key.
  const ttlOption = (ttlSeconds: number | undefined) => ({ ttl: ttlSeconds === undefined ? 0 : ttlMs(ttlSeconds) });
  const write = (key: string, json: string, ttlSeconds: number | undefined) => {
    writes += 1;
    lru.set(key, { json, version: String(writes) }, ttlOption(ttlSeconds));
  };

  return {
    async get<T>(key: string, schema: RecordSchema<T>): Promise<T | undefined> {
      const stored = lru.get(key);
      return stored === undefined ? undefined : parseStoreRecord(stored.json, schema, key);
    },

    async getVersioned<T>(key: string, schema: RecordSchema<T>): Promise<Versioned<T> | undefined> {
      const stored = lru.get(key);
      return stored === undefined ? undefined : { value: parseStoreRecord(stored.json, schema, key), version: stored.version };
    },

    async set(key: string, value: unknown, ttlSeconds?: number): Promise<void> {
      write(key, toJson(value, 'store'), ttlSeconds);
    },

    async setIfAbsent(key: string, value: unknown, ttlSeconds?: number): Promise<boolean> {
      const json = toJson(value, 'store');
      // No await between the check and the write: that is what makes this atomic.
      if (lru.has(key)) return false;
      write(key, json, ttlSeconds);
      return true;
    },

    async compareAndSet(key: string, expectedVersion: string | null, value: unknown, ttlSeconds?: number): Promise<boolean> {
      const json = toJson(value, 'store');
      const current = lru.get(key, { updateAgeOnGet: false });
      if ((current?.version ?? null) !== expectedVersion) return false;
      write(key, json, ttlSeconds);
      return true;
    },

    async compareAndDelete(key: string, expectedVersion: string): Promise<boolean> {
      if (lru.get(key)?.version !== expectedVersion) return false;
      lru.delete(key);
      return true;
    },

    async delete(key: string): Promise<void> {
      lru.delete(key);
    },

    async indexAdd(index: string, member: string, score: number): Promise<void> {
      checkIndexWrite(index, member, score);
      indexes.add(index, member, score);
    },

    async indexRemove(index: string, member: string): Promise<void> {
      checkIndexWrite(index, member);
      indexes.remove(index, member);
    },

    async indexRange(index, query) {
      checkIndexQuery(index, query);
      return indexes.range(index, query);
    },

    async ping(): Promise<boolean> {
      return true;
    },
  };
};
