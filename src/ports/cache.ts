/** A value as the cache holds it, with the times the cache policy needs. */
export interface CacheEntry<T = unknown> {
  value: T;
  /** Epoch ms when the value was obtained from its origin. */
  storedAt: number;
  /** Epoch ms after which the value is stale (still servable if the origin fails). */
  freshUntil: number;
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
 * from `get` (answer undefined) — callers then go straight to the upstream.
 * Keys must already be PHI-free (see `src/services/cache-key.ts`).
 */
export interface Cache {
  /** The entry, fresh or stale, or undefined when absent or the backend is unreachable. */
  get<T>(key: string): Promise<CacheEntry<T> | undefined>;
  /** Stores a JSON-serialisable value; swallows backend outages (best effort). */
  set<T>(key: string, value: T, options: CacheSetOptions): Promise<void>;
  delete(key: string): Promise<void>;
}
