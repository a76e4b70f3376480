import { z } from 'zod';
import type { Cache } from '../../ports/cache';

/** Where Apollo APQ keeps the document texts it has seen, by their SHA-256 (lower-case hex). */
export interface PersistedQueryStore {
  get(sha256: string): Promise<string | undefined>;
  set(sha256: string, text: string): Promise<void>;
}

/** A week: clients re-register a forgotten text with one extra round trip, so losing it costs little. */
export const PERSISTED_QUERY_TTL_SECONDS = 7 * 24 * 60 * 60;

const documentText = z.string().min(1);

/**
 * The APQ store in the gateway's Cache (Redis when configured, so every replica knows a text
 * one of them registered; memory otherwise). The key is the hash only, PHI-free; the value is
 * the document text, which may carry inline literals, so it is sealed like every cache value
 * when CACHE_ENCRYPTION_KEY is set. Cache outages read as misses: the client resends the text.
 */
export function cachePersistedQueryStore(cache: Cache, ttlSeconds = PERSISTED_QUERY_TTL_SECONDS): PersistedQueryStore {
  const keyOf = (sha256: string) => `apq:${sha256}`;
  return {
    get: async (sha256) => (await cache.get(keyOf(sha256), documentText)).entry?.value,
    set: (sha256, text) => cache.set(keyOf(sha256), text, { ttlSeconds }),
  };
}
