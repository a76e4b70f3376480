import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from '../../adapters/state/memory';
import { manualClock } from '../shared/manual-clock';
import { rateLimiterContract } from './rate-limiter.contract';

const start = Date.UTC(2030, 0, 1);

rateLimiterContract('memory', async () => {
  const clock = manualClock(start);
  const limiter = createMemoryRateLimiter({ clock });
  return { limiter, instances: [limiter], advance: async (ms) => clock.advance(ms) };
});

describe('memory rate limiter specifics', () => {
  it('mints no tokens when the clock steps back', async () => {
    const clock = manualClock(start);
    const limiter = createMemoryRateLimiter({ clock });
    const limit = { perSecond: 1, burst: 1 };
    await limiter.take('k', limit);
    clock.advance(-60_000);
    expect((await limiter.take('k', limit)).allowed).toBe(false);
    clock.advance(60_000 + 1000);
    expect((await limiter.take('k', limit)).allowed).toBe(true);
  });
});
