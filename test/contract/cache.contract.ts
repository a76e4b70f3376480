import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GatewayError } from '../../src/domain/errors';
import type { Cache } from '../../src/ports/cache';
import type { Clock } from '../../src/ports/clock';

export interface CacheHarness {
  cache: Cache;
  /** The clock the cache was given. */
  clock: Clock;
  /** Lets `ms` pass: a fake clock's jump for memory, a real wait for Redis (whose TTLs run on its own time). */
  advance(ms: number): Promise<void>;
}

// Long enough that a real wait on a busy CI box cannot overshoot a window, short enough to keep the suite fast.
const FRESH_S = 0.3;
const STALE_S = 0.6;

const nested = {
  id: 'elig-1',
  status: 'active',
  plan: { name: 'Gold PPO', period: { start: '2025-01-01', end: null } },
  benefits: [
    { kind: 'copay', amount: { value: '25.00', currency: 'USD' }, serviceTypes: ['30', '98'], inNetwork: true },
    { kind: 'coinsurance', percent: 0.2, messages: [] },
  ],
  count: 0,
  flags: [true, false, null],
};

/** Reads in these tests check only that what comes back equals what went in. */
const anyJson = z.unknown();

/** One suite every Cache implementation must pass. `makeCache` runs before each test. */
export const cacheContract = (name: string, makeCache: () => Promise<CacheHarness>): void => {
  describe(`Cache contract: ${name}`, () => {
    let h: CacheHarness;
    const key = (label: string) => `${label}:${crypto.randomUUID()}`;

    beforeEach(async () => {
      h = await makeCache();
    });

    it('round-trips nested JSON', async () => {
      const k = key('nested');
      await h.cache.set(k, nested, { ttlSeconds: 60 });
      expect((await h.cache.get(k, anyJson)).entry?.value).toEqual(nested);
    });

    it('answers undefined for a key never set', async () => {
      expect((await h.cache.get(key('missing'), anyJson)).entry).toBeUndefined();
    });

    it('records storedAt from the clock and freshUntil = storedAt + ttl', async () => {
      const k = key('times');
      const before = h.clock.now();
      await h.cache.set(k, 'v', { ttlSeconds: 120, staleSeconds: 600 });
      const after = h.clock.now();
      const { entry } = await h.cache.get(k, z.string());
      expect(entry?.storedAt).toBeGreaterThanOrEqual(before);
      expect(entry?.storedAt).toBeLessThanOrEqual(after);
      expect(entry!.freshUntil - entry!.storedAt).toBe(120_000);
    });

    it('keeps an entry fresh, then stale for staleSeconds, then drops it', async () => {
      const k = key('ttl');
      await h.cache.set(k, { n: 1 }, { ttlSeconds: FRESH_S, staleSeconds: STALE_S });
      const fresh = (await h.cache.get(k, anyJson)).entry;
      expect(fresh?.value).toEqual({ n: 1 });
      expect(h.clock.now()).toBeLessThanOrEqual(fresh!.freshUntil);

      await h.advance(450); // past fresh (300 ms), inside stale (until 900 ms)
      const stale = (await h.cache.get(k, anyJson)).entry;
      expect(stale?.value).toEqual({ n: 1 });
      expect(h.clock.now()).toBeGreaterThan(stale!.freshUntil);

      await h.advance(600); // 1050 ms: past fresh + stale
      expect((await h.cache.get(k, anyJson)).entry).toBeUndefined();
    });

    it('drops an entry right after its ttl when no staleSeconds are given', async () => {
      const k = key('no-stale');
      await h.cache.set(k, 'v', { ttlSeconds: FRESH_S });
      await h.advance(450);
      expect((await h.cache.get(k, anyJson)).entry).toBeUndefined();
    });

    it('replaces value and times on a second set', async () => {
      const k = key('overwrite');
      await h.cache.set(k, 'first', { ttlSeconds: FRESH_S });
      await h.cache.set(k, 'second', { ttlSeconds: 60 });
      await h.advance(450); // the first write's TTL must not survive the second
      const { entry } = await h.cache.get(k, z.string());
      expect(entry?.value).toBe('second');
      expect(entry!.freshUntil - entry!.storedAt).toBe(60_000);
    });

    it('deletes an entry, and deleting a missing key is fine', async () => {
      const k = key('delete');
      await h.cache.set(k, 'v', { ttlSeconds: 60 });
      await h.cache.delete(k);
      expect((await h.cache.get(k, anyJson)).entry).toBeUndefined();
      await expect(h.cache.delete(key('never'))).resolves.toBeUndefined();
    });

    it('hands out copies: mutating a returned value does not change the cached one', async () => {
      const k = key('copy');
      await h.cache.set(k, { list: [1] }, { ttlSeconds: 60 });
      const first = (await h.cache.get(k, z.object({ list: z.array(z.number()) }))).entry;
      first!.value.list.push(2);
      expect((await h.cache.get(k, anyJson)).entry?.value).toEqual({ list: [1] });
    });

    it('keeps keys apart, including one that prefixes another', async () => {
      const k = key('prefix');
      await h.cache.set(k, 'short', { ttlSeconds: 60 });
      await h.cache.set(`${k}:more`, 'long', { ttlSeconds: 60 });
      expect((await h.cache.get(k, anyJson)).entry?.value).toBe('short');
      expect((await h.cache.get(`${k}:more`, anyJson)).entry?.value).toBe('long');
    });

    it('handles unicode keys and values', async () => {
      const k1 = key('ключ-🔑-鍵');
      const k2 = key('ключ-🔒-鍵');
      const value = { text: 'Zürich — 東京 — 🚑 — \u0000 — \ud83d\ude00', rtl: 'مرحبا' };
      await h.cache.set(k1, value, { ttlSeconds: 60 });
      await h.cache.set(k2, 'other', { ttlSeconds: 60 });
      expect((await h.cache.get(k1, anyJson)).entry?.value).toEqual(value);
      expect((await h.cache.get(k2, anyJson)).entry?.value).toBe('other');
    });

    it('holds a 1 MB value', async () => {
      const k = key('large');
      const value = { blob: 'é'.repeat(256 * 1024) + 'x'.repeat(512 * 1024), rows: Array.from({ length: 1000 }, (_, i) => ({ i })) };
      await h.cache.set(k, value, { ttlSeconds: 60 });
      const { entry } = await h.cache.get(k, z.object({ blob: z.string(), rows: z.array(z.object({ i: z.number() })) }));
      expect(entry?.value.blob.length).toBe(value.blob.length);
      expect(entry?.value).toEqual(value);
    });

    it('answers a value of another shape as an invalid miss and drops it', async () => {
      const k = key('shape');
      await h.cache.set(k, { plan: 'Gold', copay: '25.00' }, { ttlSeconds: 60 });
      const schema = z.object({ plan: z.string(), copay: z.number() });
      expect(await h.cache.get(k, schema)).toEqual({ entry: undefined, invalid: true });
      // Dropped: the next read is a plain miss, and a value of the right shape is cached again.
      expect(await h.cache.get(k, anyJson)).toEqual({ entry: undefined, invalid: false });
      await h.cache.set(k, { plan: 'Gold', copay: 25 }, { ttlSeconds: 60 });
      expect((await h.cache.get(k, schema)).entry?.value).toEqual({ plan: 'Gold', copay: 25 });
    });

    it('answers what the schema makes of the value', async () => {
      const k = key('parsed');
      await h.cache.set(k, { n: 1, extra: true }, { ttlSeconds: 60 });
      expect((await h.cache.get(k, z.object({ n: z.number(), tag: z.string().default('x') }))).entry?.value).toEqual({ n: 1, tag: 'x' });
      expect((await h.cache.get(key('missing'), anyJson)).invalid).toBe(false);
    });

    it('rejects a value that is not JSON (a bug, not an outage)', async () => {
      const error = await h.cache.set(key('bigint'), { n: 10n }, { ttlSeconds: 60 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).code).toBe('INTERNAL');
    });
  });
};
