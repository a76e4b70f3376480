import { LRUCache } from 'lru-cache';
import type { Cache, CacheLookup, CacheSetOptions } from '../../../src/ports/cache';
import type { Clock } from '../../../src/ports/clock';
import type { RecordSchema } from '../../../src/ports/state-record';
import { toJson, ttlMs } from '../json-value';
import { parseCacheValue } from '../record-parsing';

export interface MemoryCacheDeps {
  clock: Clock;
  /** Upper bound on entries; the least recently used go first. */
  maxEntries: number;
}

interface StoredEntry {
  json: string;
  storedAt: number;
  freshUntil: number;
}

/**
 * In-process Cache over lru-cache. Entries live for fresh + stale seconds, measured on the
 * injected clock so tests can move time instead of waiting.
 */
export const createMemoryCache = ({ clock, maxEntries }: MemoryCacheDeps): Cache => {
  const lru = new LRUCache<string, StoredEntry>({
    max: maxEntries,
    // lru-cache treats a start time of 0 as "no TTL", so a fake clock starting at 0 would
    // make entries immortal; only differences matter, so shift by one.
    perf: { now: () => clock.now() + 1 },
    // Read the clock on every check: its default 1 ms memo of "now" would hide a fake clock's jumps.
    ttlResolution: 0,
    allowStale: false,
    updateAgeOnGet: false,
  });

  return {
    async get<T>(key: string, schema: RecordSchema<T>): Promise<CacheLookup<T>> {
      const entry = lru.get(key);
      if (!entry) return { entry: undefined, invalid: false };
      const parsed = parseCacheValue(JSON.parse(entry.json), schema);
      if (!parsed.ok) {
        lru.delete(key);
        return { entry: undefined, invalid: true };
      }
      return { entry: { value: parsed.value, storedAt: entry.storedAt, freshUntil: entry.freshUntil }, invalid: false };
    },

    async set(key: string, value: unknown, { ttlSeconds, staleSeconds = 0 }: CacheSetOptions): Promise<void> {
      const json = toJson(value, 'cache');
      const storedAt = clock.now();
      lru.set(
        key,
        { json, storedAt, freshUntil: storedAt + ttlSeconds * 1000 },
        { ttl: ttlMs(ttlSeconds + staleSeconds) },
      );
    },

    async delete(key: string): Promise<void> {
      lru.delete(key);
    },
  };
};
