import type { Freshness } from '../domain/common';
import { isGatewayError, type GatewayError } from '../domain/errors';
import type { Cache, CacheEntry } from '../ports/cache';
import type { Clock } from '../ports/clock';
import type { RecordSchema } from '../ports/state-record';
import { errorOf, heldSchema, isNegative, negativeEntryOf, notFoundEntry, type Held } from './negative-cache-entry';

/**
 * The one cache mechanism every upstream read goes through (eligibility answers one by one,
 * EHR records in batches):
 * - single-flight: identical concurrent loads in this instance share one upstream call;
 * - stale-while-revalidate: within `swrSeconds` past freshness, answer the cached value and refresh behind;
 * - stale-if-error: when the upstream fails retryably, answer a stale value (flagged, with its age);
 * - negative caching: errors the caller marks as definitive (not found) are remembered briefly;
 * - typed reads: a cached value is parsed with the caller's schema; one that does not match
 *   (written by another deploy) is a miss, counted as an `invalid` event.
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

/** Options of a batched load: per-record TTLs; records the upstream does not return are "not found". */
export interface BatchCacheOptions {
  ttlSeconds: number;
  staleSeconds: number;
  swrSeconds?: number | undefined;
  /** Seconds an id the upstream did not return is remembered as absent (0 or omitted: not remembered). */
  negativeTtlSeconds?: number | undefined;
}

/** One id of a batch and its (PHI-free, HMAC-ed) cache key. */
export interface BatchItem {
  id: string;
  key: string;
}

export interface CachedResult<T> {
  value: T;
  freshness: Freshness;
}

export type CacheEventKind = 'hit' | 'miss' | 'stale' | 'swr' | 'negative-hit' | 'coalesced' | 'invalid';

/** Errors after which a stale answer is better than none: the upstream is down or slow, not saying no. */
export const isTransientUpstreamError = (error: unknown): boolean =>
  isGatewayError(error) && error.retryable && error.code !== 'RATE_LIMITED' && error.code !== 'BAD_INPUT';

/** Transient failures, and an upstream answering garbage (broken, not saying no): both are answered stale. */
const servesStale = (error: unknown): boolean => isTransientUpstreamError(error) || (isGatewayError(error) && error.code === 'UPSTREAM_INVALID');

const staleReason = (error: unknown) => (isGatewayError(error) ? error.code : 'UPSTREAM_UNAVAILABLE');

/** The namespace of an HMAC-ed key ("ehr:..." -> "ehr"): the cache's name in metrics. */
const cacheName = (key: string) => (key.includes(':') ? key.slice(0, key.indexOf(':')) : 'default');

export interface CachePolicy {
  /** `schema` checks what the cache answers (never trusted as is). */
  load<T>(key: string, schema: RecordSchema<T>, loader: () => Promise<T>, options: CachePolicyOptions): Promise<CachedResult<T>>;
  /**
   * The same semantics per record, for batched upstream reads (FHIR `_id=a,b,c`): cached ids are
   * answered from the cache, the rest go upstream in ONE `loader` call (ids another batch is
   * already loading are awaited, not asked again). Absent from the result = not found. When the
   * upstream fails, ids with a stale value are answered STALE; if any id has none, it rejects.
   */
  loadMany<T>(
    items: readonly BatchItem[],
    schema: RecordSchema<T>,
    loader: (ids: readonly string[]) => Promise<ReadonlyMap<string, T>>,
    options: BatchCacheOptions,
  ): Promise<Map<string, CachedResult<T>>>;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

const defer = <T>(): Deferred<T> => {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // a record nobody else waits for must not become an unhandled rejection
  return { promise, resolve, reject };
};

export function createCachePolicy(deps: { cache: Cache; clock: Clock; onEvent?: (kind: CacheEventKind, cache: string) => void }): CachePolicy {
  const inFlight = new Map<string, Promise<CachedResult<unknown>>>();
  /** Per-record loads of `loadMany` in flight; null = the upstream does not have the record. */
  const recordsInFlight = new Map<string, Promise<CachedResult<unknown> | null>>();
  const emit = (kind: CacheEventKind, key: string) => deps.onEvent?.(kind, cacheName(key));
  const ageOf = (storedAt: number) => Math.max(0, Math.floor((deps.clock.now() - storedAt) / 1000));
  const cached = <T>(entry: CacheEntry<T>): CachedResult<T> => ({
    value: entry.value,
    freshness: { state: 'CACHED', ageSeconds: ageOf(entry.storedAt), reason: null },
  });
  const stale = <T>(entry: CacheEntry<T>, error: unknown): CachedResult<T> => ({
    value: entry.value,
    freshness: { state: 'STALE', ageSeconds: ageOf(entry.storedAt), reason: staleReason(error) },
  });
  const fresh = <T>(value: T): CachedResult<T> => ({ value, freshness: { state: 'FRESH', ageSeconds: 0, reason: null } });
  /** What the cache holds for `key`, split into a value entry or a remembered "no". */
  const lookup = async <T>(key: string, schema: RecordSchema<Held<T>>) => {
    const { entry, invalid } = await deps.cache.get(key, schema);
    if (invalid) emit('invalid', key);
    if (!entry) return { entry: undefined, negative: undefined };
    const held = entry.value;
    if (isNegative(held)) return { entry: undefined, negative: { error: held, freshUntil: entry.freshUntil } };
    return { entry: { value: held, storedAt: entry.storedAt, freshUntil: entry.freshUntil }, negative: undefined };
  };
  const keepFor = (options: { staleSeconds: number; swrSeconds?: number | undefined }) => options.staleSeconds + (options.swrSeconds ?? 0);

  const fetchAndStore = async <T>(key: string, loader: () => Promise<T>, options: CachePolicyOptions): Promise<CachedResult<T>> => {
    try {
      const value = await loader();
      await deps.cache.set(key, value, { ttlSeconds: options.ttlSeconds, staleSeconds: keepFor(options) });
      return fresh(value);
    } catch (error) {
      if (options.negative && isGatewayError(error) && options.negative.matches(error)) {
        await deps.cache.set(key, negativeEntryOf(error), { ttlSeconds: options.negative.ttlSeconds, staleSeconds: 0 });
      }
      throw error;
    }
  };

  const singleFlight = <T>(key: string, run: () => Promise<CachedResult<T>>): Promise<CachedResult<T>> => {
    const pending = inFlight.get(key);
    if (pending) {
      emit('coalesced', key);
      return pending as Promise<CachedResult<T>>;
    }
    const started = run().finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  };

  /** One upstream call for `items`; every item's outcome is published to concurrent batches as it settles. */
  const loadBatch = async <T>(
    items: readonly (BatchItem & { staleEntry?: CacheEntry<T> | undefined })[],
    loader: (ids: readonly string[]) => Promise<ReadonlyMap<string, T>>,
    options: BatchCacheOptions,
    out: Map<string, CachedResult<T>>,
  ): Promise<void> => {
    const pending = items.map((item) => {
      const deferred = defer<CachedResult<T> | null>();
      recordsInFlight.set(item.key, deferred.promise);
      return deferred;
    });
    const release = () => items.forEach((item, index) => recordsInFlight.get(item.key) === pending[index]?.promise && recordsInFlight.delete(item.key));
    let loaded: ReadonlyMap<string, T>;
    try {
      loaded = await loader(items.map((item) => item.id));
    } catch (error) {
      let unserved = false;
      items.forEach((item, index) => {
        if (item.staleEntry && servesStale(error)) {
          emit('stale', item.key);
          const result = stale(item.staleEntry, error);
          out.set(item.id, result);
          pending[index]?.resolve(result);
        } else {
          unserved = true;
          pending[index]?.reject(error);
        }
      });
      release();
      if (unserved) throw error;
      return;
    }
    try {
      await Promise.all(
        items.map(async (item, index) => {
          const value = loaded.get(item.id);
          if (value === undefined) {
            if (options.negativeTtlSeconds) await deps.cache.set(item.key, notFoundEntry, { ttlSeconds: options.negativeTtlSeconds, staleSeconds: 0 });
            pending[index]?.resolve(null);
            return;
          }
          await deps.cache.set(item.key, value, { ttlSeconds: options.ttlSeconds, staleSeconds: keepFor(options) });
          const result = fresh(value);
          out.set(item.id, result);
          pending[index]?.resolve(result);
        }),
      );
    } finally {
      release();
    }
  };

  return {
    load<T>(key: string, schema: RecordSchema<T>, loader: () => Promise<T>, options: CachePolicyOptions): Promise<CachedResult<T>> {
      return singleFlight(key, async () => {
        const { entry, negative } = await lookup(key, heldSchema(schema));
        const now = deps.clock.now();
        if (negative && negative.freshUntil > now) {
          emit('negative-hit', key);
          throw errorOf(negative.error);
        }
        if (entry) {
          if (entry.freshUntil > now) {
            emit('hit', key);
            return cached(entry);
          }
          if (options.swrSeconds && now - entry.freshUntil < options.swrSeconds * 1000) {
            emit('swr', key);
            // Refresh behind the answer; its failure is not this caller's concern (the next one will retry).
            void singleFlight(`${key}#revalidate`, () => fetchAndStore(key, loader, options)).catch(() => undefined);
            return cached(entry);
          }
        }
        emit('miss', key);
        try {
          return await fetchAndStore(key, loader, options);
        } catch (error) {
          if (entry && servesStale(error)) {
            emit('stale', key);
            return stale(entry, error);
          }
          throw error;
        }
      });
    },

    async loadMany<T>(
      items: readonly BatchItem[],
      schema: RecordSchema<T>,
      loader: (ids: readonly string[]) => Promise<ReadonlyMap<string, T>>,
      options: BatchCacheOptions,
    ): Promise<Map<string, CachedResult<T>>> {
      const unique = [...new Map(items.map((item) => [item.id, item])).values()];
      const held = heldSchema(schema);
      const lookups = await Promise.all(unique.map((item) => lookup(item.key, held)));
      const now = deps.clock.now();
      const out = new Map<string, CachedResult<T>>();
      const waits: Promise<unknown>[] = [];
      const toLoad: (BatchItem & { staleEntry?: CacheEntry<T> | undefined })[] = [];
      const toRevalidate: BatchItem[] = [];
      unique.forEach((item, index) => {
        const { entry, negative } = lookups[index] ?? {};
        if (negative && negative.freshUntil > now) {
          emit('negative-hit', item.key);
          return;
        }
        if (entry) {
          if (entry.freshUntil > now) {
            emit('hit', item.key);
            out.set(item.id, cached(entry));
            return;
          }
          if (options.swrSeconds && now - entry.freshUntil < options.swrSeconds * 1000) {
            emit('swr', item.key);
            out.set(item.id, cached(entry));
            if (!recordsInFlight.has(item.key)) toRevalidate.push(item);
            return;
          }
        }
        const pending = recordsInFlight.get(item.key);
        if (pending) {
          emit('coalesced', item.key);
          waits.push(pending.then((result) => result && out.set(item.id, result as CachedResult<T>)));
          return;
        }
        emit('miss', item.key);
        toLoad.push({ ...item, staleEntry: entry });
      });
      if (toLoad.length > 0) waits.push(loadBatch(toLoad, loader, options, out));
      // Refresh behind the answer, as one batch; its failure is the next caller's to meet.
      if (toRevalidate.length > 0) void loadBatch(toRevalidate, loader, options, new Map()).catch(() => undefined);
      const settled = await Promise.allSettled(waits);
      const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failure) throw failure.reason;
      return out;
    },
  };
}
