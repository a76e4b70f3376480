import { beforeEach, describe, expect, it } from 'vitest';
import type { RateLimiter } from '../../src/ports/rate-limiter';

export interface RateLimiterHarness {
  limiter: RateLimiter;
  /** Limiters over the same backend, as separate gateway instances would hold them. At least one. */
  instances: RateLimiter[];
  /** Lets `ms` pass: a fake clock's jump for memory, a real wait for Redis (whose script reads the server's time). */
  advance(ms: number): Promise<void>;
}

/** One suite every RateLimiter implementation must pass. `make` runs before each test. */
export const rateLimiterContract = (name: string, make: () => Promise<RateLimiterHarness>): void => {
  describe(`RateLimiter contract: ${name}`, () => {
    let h: RateLimiterHarness;
    const key = () => `partner:${crypto.randomUUID()}`;

    beforeEach(async () => {
      h = await make();
    });

    it('allows a full burst at once, then refuses with a Retry-After of at least one second', async () => {
      const k = key();
      const limit = { perSecond: 1, burst: 3 };
      const decisions = [];
      for (let i = 0; i < 4; i++) decisions.push(await h.limiter.take(k, limit));
      expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
      expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
      expect(decisions[0]!.retryAfterSeconds).toBe(0);
      expect(decisions[3]!.retryAfterSeconds).toBe(1);
    });

    it('says how long until a token is back at slow rates', async () => {
      const k = key();
      const limit = { perSecond: 0.1, burst: 1 };
      await h.limiter.take(k, limit);
      const refused = await h.limiter.take(k, limit);
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(9);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(10);
    });

    it('refills at perSecond, never past burst', async () => {
      const k = key();
      const limit = { perSecond: 10, burst: 2 };
      await h.limiter.take(k, limit);
      await h.limiter.take(k, limit);
      expect((await h.limiter.take(k, limit)).allowed).toBe(false);
      await h.advance(250); // 2.5 tokens' worth, capped at 2
      expect((await h.limiter.take(k, limit)).allowed).toBe(true);
      expect((await h.limiter.take(k, limit)).allowed).toBe(true);
      expect((await h.limiter.take(k, limit)).allowed).toBe(false);
    });

    it('keeps keys apart', async () => {
      const limit = { perSecond: 1, burst: 1 };
      const a = key();
      expect((await h.limiter.take(a, limit)).allowed).toBe(true);
      expect((await h.limiter.take(a, limit)).allowed).toBe(false);
      expect((await h.limiter.take(key(), limit)).allowed).toBe(true);
    });

    it('enforces one limit across instances, even under concurrency', async () => {
      const k = key();
      const limit = { perSecond: 0.01, burst: 10 };
      const takes = Array.from({ length: 30 }, (_, i) => h.instances[i % h.instances.length]!.take(k, limit));
      const decisions = await Promise.all(takes);
      expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    });
  });
};
