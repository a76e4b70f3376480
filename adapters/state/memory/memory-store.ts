import { LRUCache } from 'lru-cache';
import type { Clock } from '../../../src/ports/clock';
import type { Store } from '../../../src/ports/store';
import { toJson, ttlMs } from '../json-value';

export interface MemoryStoreDeps {
  clock: Clock;
  /**
   * Cap on records (default 100 000). Past it the least recently used record is dropped:
   * memory mode is one process with no durability anyway, and an unbounded map keyed by
   * partner input would be a memory-exhaustion lever.
   */
  maxEntries?: number;
}

/**
 * In-process Store for a single gateway instance (sandbox, tests, one-box deployments).
 * TTLs run on the injected clock. setIfAbsent is atomic because check and write happen in
 * one synchronous step; across instances use the Redis store.
 */
export const createMemoryStore = ({ clock, maxEntries = 100_000 }: MemoryStoreDeps): Store => {
  const lru = new LRUCache<string, string>({
    max: maxEntries,
    // See memory-cache.ts: lru-cache reads a start time of 0 as "no TTL".
    perf: { now: () => clock.now() + 1 },
    ttlResolution: 0,
    allowStale: false,
  });

  // ttl 0 is lru-cache's "never expires"; an explicit 0 also clears a TTL an earlier set gave the key.
  const ttlOption = (ttlSeconds: number | undefined) => ({ ttl: ttlSeconds === undefined ? 0 : ttlMs(ttlSeconds) });

  return {
    async get<T>(key: string): Promise<T | undefined> {
      const json = lru.get(key);
      return json === undefined ? undefined : (JSON.parse(json) as T);
    },

    async set<T>(key: string, value: T, ttlSeconds?: number): Promise<void> {
      lru.set(key, toJson(value, 'store'), ttlOption(ttlSeconds));
    },

    async setIfAbsent<T>(key: string, value: T, ttlSeconds?: number): Promise<boolean> {
      const json = toJson(value, 'store');
      // No await between the check and the write: that is what makes this atomic.
      if (lru.has(key)) return false;
      lru.set(key, json, ttlOption(ttlSeconds));
      return true;
    },

    async delete(key: string): Promise<void> {
      lru.delete(key);
    },

    async ping(): Promise<boolean> {
      return true;
    },
  };
};
