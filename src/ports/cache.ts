import type { RecordSchema } from './state-record';

/** A value as the cache holds it, with the times the cache policy needs. */
export interface CacheEntry<T = unknown> {
  value: T;
  /** Epoch ms when the value was obtained from its origin. */
  storedAt: number;
  /** Epoch ms after which the value is stale (still servable if the origin fails). */
  freshUntil: number;
}

/** What a cache read found. */
export interface CacheLookup<T> {
  /** The entry, fresh or stale; undefined when absent, expired, unreachable or invalid. */
  entry: CacheEntry<T> | undefined;
  /**
   * True when the key held a value the schema rejected (written by another deploy, or damaged).
   * The cache has dropped it; for the caller it is a miss, worth counting.
   */
  invalid: boolean;
}

export interface CacheSetOptions {
  /** Seconds the value counts as fresh. */
  ttlSeconds: number;
  /** Extra seconds past freshness during which a stale value is kept for stale-if-error. */
  staleSeconds?: number;
}

/**
 * TTL key/value cache for upstream answers. Losing it loses nothing but speed, so
 * implementations may drop entries at will and must never throw on a backend outage
 * from `get` (answer a miss) — callers then go straight to the upstream.
 * Keys must already be PHI-free (see `src/services/cache-key.ts`).
 */
export interface Cache {
  /** Parses the cached value with `schema`: a value that does not match is deleted and answered as a miss. */
  get<T>(key: string, schema: RecordSchema<T>): Promise<CacheLookup<T>>;
  /** Stores a JSON-serialisable value; swallows backend outages (best effort). */
  set(key: string, value: unknown, options: CacheSetOptions): Promise<void>;
  delete(key: string): Promise<void>;
}
