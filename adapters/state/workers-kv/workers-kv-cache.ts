import { z } from 'zod';
import type { Cache, CacheLookup, CacheSetOptions } from '../../../src/ports/cache';
import type { Clock } from '../../../src/ports/clock';
import type { RecordSchema } from '../../../src/ports/state-record';
import { toJson } from '../json-value';
import { parseCacheValue } from '../record-parsing';
import { kvKey } from './kv-key';

export type KvCacheOperation = 'get' | 'set' | 'delete';

/** Workers KV accepts no expirationTtl under 60 seconds. */
export const KV_MIN_TTL_SECONDS = 60;

export interface WorkersKvCacheDeps {
  kv: KVNamespace;
  clock: Clock;
  /** First segment of every key, e.g. "caregate", so one namespace can serve several deployments. */
  namespace: string;
  /**
   * Applied to the stored JSON (encryption at rest plugs in here); identity by default.
   * `context` is the KV key name: an encrypting codec binds it in, so values cannot be swapped between keys.
   */
  codec?: { encode(plain: string, context?: string): Promise<string>; decode(stored: string, context?: string): Promise<string> };
  /** Told about every swallowed failure, with the operation name only: no key, no value. */
  onError?: (error: Error, operation: KvCacheOperation) => void;
}

/** Times ride in KV metadata (at most 1 KiB, returned with the value in one read). */
const metadataSchema = z.object({ s: z.number(), f: z.number(), e: z.number() });

const identity = { encode: async (plain: string) => plain, decode: async (stored: string) => stored };

/** Only the platform's message: KV errors carry no key or value, but never pass more than needed. */
const sanitize = (error: unknown): Error => {
  const copy = new Error(error instanceof Error ? error.message : 'Workers KV call failed');
  copy.name = error instanceof Error ? error.name : 'Error';
  return copy;
};

/**
 * Cache over Workers KV, shared by every isolate and location of the Worker.
 *
 * Consistency: KV is eventually consistent. A write is visible at once in the location that
 * wrote it and within about 60 s elsewhere; a location that read a key may keep serving its
 * copy for up to 60 s after an overwrite or delete. For a cache of upstream answers that only
 * costs freshness, never correctness, which is why idempotency keys and token `jti`s live in
 * the Durable Object store instead.
 *
 * TTLs: KV refuses expirationTtl < 60 s, while the gateway asks for shorter ones (tests,
 * tight eligibility windows). So KV gets max(60, fresh + stale) as a garbage-collection
 * bound, and the entry's own expiry travels in its metadata: a read past it is a miss,
 * measured on the injected clock, so entries never live longer than asked.
 *
 * Best effort by contract: outages and KV's write rate limit (one write per key per second)
 * are reported to `onError` and answered as a miss / dropped write.
 */
export const createWorkersKvCache = ({ kv, clock, namespace, codec = identity, onError = () => {} }: WorkersKvCacheDeps): Cache => {
  const report = (error: unknown, operation: KvCacheOperation) => onError(sanitize(error), operation);

  return {
    async get<T>(key: string, schema: RecordSchema<T>): Promise<CacheLookup<T>> {
      const miss = { entry: undefined, invalid: false };
      let name: string;
      let raw: unknown;
      let times: z.infer<typeof metadataSchema>;
      try {
        name = await kvKey(namespace, 'cache', key);
        const { value, metadata } = await kv.getWithMetadata(name, 'text');
        if (value === null) return miss;
        times = metadataSchema.parse(metadata);
        if (clock.now() >= times.e) return miss;
        raw = JSON.parse(await codec.decode(value, name));
      } catch (error) {
        report(error, 'get');
        return miss;
      }
      const parsed = parseCacheValue(raw, schema);
      if (parsed.ok) return { entry: { value: parsed.value, storedAt: times.s, freshUntil: times.f }, invalid: false };
      // Written by another deploy (or damaged): drop it so the next read goes upstream and rewrites it.
      await kv.delete(name).catch((error: unknown) => report(error, 'delete'));
      return { entry: undefined, invalid: true };
    },

    async set(key: string, value: unknown, { ttlSeconds, staleSeconds = 0 }: CacheSetOptions): Promise<void> {
      // Outside the try: a value that is not JSON is the caller's bug, not an outage.
      const json = toJson(value, 'cache');
      const storedAt = clock.now();
      const lifeSeconds = ttlSeconds + staleSeconds;
      const metadata = { s: storedAt, f: storedAt + ttlSeconds * 1000, e: storedAt + Math.max(1, Math.ceil(lifeSeconds * 1000)) };
      try {
        const name = await kvKey(namespace, 'cache', key);
        await kv.put(name, await codec.encode(json, name), {
          expirationTtl: Math.max(KV_MIN_TTL_SECONDS, Math.ceil(lifeSeconds)),
          metadata,
        });
      } catch (error) {
        report(error, 'set');
      }
    },

    async delete(key: string): Promise<void> {
      try {
        await kv.delete(await kvKey(namespace, 'cache', key));
      } catch (error) {
        report(error, 'delete');
      }
    },
  };
};
