import type { Freshness } from '../domain/common';
import { GatewayError, isGatewayError, type ErrorCode, type ErrorDetails } from '../domain/errors';
import type { Cache } from '../ports/cache';
import type { Clock } from '../ports/clock';

/**
 * The one cache mechanism every upstream read goes through:
 * - single-flight: identical concurrent loads in this instance share one upstream call;
 * - stale-while-revalidate: within `swrSeconds` past freshness, answer the cached value and refresh behind;
 * - stale-if-error: when the upstream fails retryably, answer a stale value (flagged, with its age);
 * - negative caching: errors the caller marks as definitive (not found) are remembered briefly.
 * Hand-written because no library combines these over an async, shared (Redis) cache.
 */
export interface CachePolicyOptions {
  ttlSeconds: number;
  /** How long past freshness a value may still be served if the upstream fails. */
  staleSeconds: number;
  /** Within this many seconds past freshness, serve the cached value and refresh in the background. */
  swrSeconds?: number;
  /** Errors worth remembering (e.g. member not found); their code, message and details are cached. */
  negative?: { ttlSeconds: number; matches(error: GatewayError): boolean };
}

export interface CachedResult<T> {
  value: T;
  freshness: Freshness;
}

export type CacheEventKind = 'hit' | 'miss' | 'stale' | 'swr' | 'negative-hit' | 'coalesced';

interface NegativeEntry {
  __negative: true;
  code: ErrorCode;
  message: string;
  retryable: boolean;
  details: ErrorDetails | null;
}

const isNegativeEntry = (value: unknown): value is NegativeEntry =>
  typeof value === 'object' && value !== null && (value as { __negative?: unknown }).__negative === true;

/** Errors after which a stale answer is better than none: the upstream is down or slow, not saying no. */
export const isTransientUpstreamError = (error: unknown): boolean =>
  isGatewayError(error) && error.retryable && error.code !== 'RATE_LIMITED' && error.code !== 'BAD_INPUT';

export interface CachePolicy {
  load<T>(key: string, loader: () => Promise<T>, options: CachePolicyOptions): Promise<CachedResult<T>>;
}

export function createCachePolicy(deps: { cache: Cache; clock: Clock; onEvent?: (kind: CacheEventKind) => void }): CachePolicy {
  const inFlight = new Map<string, Promise<CachedResult<unknown>>>();
  const emit = (kind: CacheEventKind) => deps.onEvent?.(kind);
  const ageOf = (storedAt: number) => Math.max(0, Math.floor((deps.clock.now() - storedAt) / 1000));

  const fetchAndStore = async <T>(key: string, loader: () => Promise<T>, options: CachePolicyOptions): Promise<CachedResult<T>> => {
    try {
      const value = await loader();
      await deps.cache.set(key, value, { ttlSeconds: options.ttlSeconds, staleSeconds: options.staleSeconds + (options.swrSeconds ?? 0) });
      return { value, freshness: { state: 'FRESH', ageSeconds: 0, reason: null } };
    } catch (error) {
      if (options.negative && isGatewayError(error) && options.negative.matches(error)) {
        const entry: NegativeEntry = { __negative: true, code: error.code, message: error.message, retryable: error.retryable, details: error.details ?? null };
        await deps.cache.set(key, entry, { ttlSeconds: options.negative.ttlSeconds, staleSeconds: 0 });
      }
      throw error;
    }
  };

  const singleFlight = <T>(key: string, run: () => Promise<CachedResult<T>>): Promise<CachedResult<T>> => {
    const pending = inFlight.get(key);
    if (pending) {
      emit('coalesced');
      return pending as Promise<CachedResult<T>>;
    }
    const started = run().finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  };

  return {
    load<T>(key: string, loader: () => Promise<T>, options: CachePolicyOptions): Promise<CachedResult<T>> {
      return singleFlight(key, async () => {
        const entry = await deps.cache.get<T | NegativeEntry>(key);
        const now = deps.clock.now();
        if (entry && isNegativeEntry(entry.value)) {
          if (entry.freshUntil > now) {
            emit('negative-hit');
            const cached = entry.value;
            throw new GatewayError(cached.code, cached.message, { retryable: cached.retryable, ...(cached.details ? { details: cached.details } : {}) });
          }
        } else if (entry) {
          const value = entry.value as T;
          if (entry.freshUntil > now) {
            emit('hit');
            return { value, freshness: { state: 'CACHED', ageSeconds: ageOf(entry.storedAt), reason: null } };
          }
          if (options.swrSeconds && now - entry.freshUntil < options.swrSeconds * 1000) {
            emit('swr');
            // Refresh behind the answer; its failure is not this caller's concern (the next one will retry).
            void singleFlight(`${key}#revalidate`, () => fetchAndStore(key, loader, options)).catch(() => undefined);
            return { value, freshness: { state: 'CACHED', ageSeconds: ageOf(entry.storedAt), reason: null } };
          }
        }
        emit('miss');
        try {
          return await fetchAndStore(key, loader, options);
        } catch (error) {
          if (entry && !isNegativeEntry(entry.value) && isTransientUpstreamError(error)) {
            emit('stale');
            const reason = isGatewayError(error) ? error.code : 'UPSTREAM_UNAVAILABLE';
            return { value: entry.value as T, freshness: { state: 'STALE', ageSeconds: ageOf(entry.storedAt), reason } };
          }
          throw error;
        }
      });
    },
  };
}
