import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from '../../adapters/state/memory';
import type { Clock } from '../../src/ports/clock';
import { rateLimiterContract } from './rate-limiter.contract';

const fakeClock = () => {
  let now = Date.UTC(2030, 0, 1);
  const clock: Clock = { now: () => now };
  return {
    clock,
    advance: async (ms: number) => {
      now += ms;
    },
  };
};

rateLimiterContract('memory', async () => {
  const { clock, advance } = fakeClock();
  const limiter = createMemoryRateLimiter({ clock });
  return { limiter, instances: [limiter], advance };
});

describe('memory rate limiter specifics', () => {
  it('mints no tokens when the clock steps back', async () => {
    const { clock, advance } = fakeClock();
    const limiter = createMemoryRateLimiter({ clock });
    const limit = { perSecond: 1, burst: 1 };
    await limiter.take('k', limit);
    await advance(-60_000);
    expect((await limiter.take('k', limit)).allowed).toBe(false);
    await advance(60_000 + 1000);
    expect((await limiter.take('k', limit)).allowed).toBe(true);
  });
});
