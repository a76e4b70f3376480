import { describe, expect, it } from 'vitest';
import { manualClock } from '../../test/shared/manual-clock';
import { createTokenBucket, takeToken } from './token-bucket';

describe('token bucket', () => {
  it('allows a burst, then refuses until it refills', () => {
    const clock = manualClock();
    const bucket = createTokenBucket({ perSecond: 2, burst: 3 }, clock);
    expect([bucket.take(), bucket.take(), bucket.take()].map((decision) => decision.allowed)).toEqual([true, true, true]);
    expect(bucket.take()).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
    clock.advance(500);
    expect(bucket.take().allowed).toBe(true);
    expect(bucket.take().allowed).toBe(false);
  });

  it('says how many whole seconds until a token is back', () => {
    const limit = { perSecond: 0.25, burst: 1 };
    const first = takeToken(undefined, limit, 0);
    expect(first.decision).toEqual({ allowed: true, remaining: 0, retryAfterSeconds: 0 });
    expect(takeToken(first.state, limit, 1_000).decision).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 3 });
  });

  it('neither mints nor loses tokens when the clock steps back', () => {
    const limit = { perSecond: 1, burst: 2 };
    const drained = takeToken(takeToken(undefined, limit, 10_000).state, limit, 10_000).state;
    const stepBack = takeToken(drained, limit, 5_000);
    expect(stepBack.decision.allowed).toBe(false);
    // The refill still counts from the latest time seen, not from the step back.
    expect(takeToken(stepBack.state, limit, 11_000).decision.allowed).toBe(true);
    expect(takeToken(stepBack.state, limit, 10_500).decision.allowed).toBe(false);
  });

  it('refuses a limit that could never grant a token', () => {
    expect(() => createTokenBucket({ perSecond: 0, burst: 1 }, manualClock())).toThrow(/perSecond > 0/);
    expect(() => createTokenBucket({ perSecond: 1, burst: 0.5 }, manualClock())).toThrow(/burst >= 1/);
  });
});
