import type { Clock } from '../../src/ports/clock';
import type { RateLimit, RateLimitDecision } from '../../src/ports/rate-limiter';

/**
 * The one token-bucket step: `burst` tokens at once, refilled at `perSecond`. Pure, so every
 * holder of bucket state (process memory, the Durable Object's SQLite row, a vendor client)
 * runs the same maths and only decides where the state lives.
 */
export interface BucketState {
  /** Tokens left; fractional between whole refills. */
  tokens: number;
  /** Epoch ms of the last refill. */
  at: number;
}

export interface BucketStep {
  state: BucketState;
  decision: RateLimitDecision;
}

/** Refills `previous` (a missing bucket starts full) for the time since its last step, then takes one token if one is whole. */
export function takeToken(previous: BucketState | undefined, limit: RateLimit, now: number): BucketStep {
  const bucket = previous ?? { tokens: limit.burst, at: now };
  // A clock that steps back must not mint tokens (or take them away).
  const elapsedMs = Math.max(0, now - bucket.at);
  let tokens = Math.min(limit.burst, bucket.tokens + (elapsedMs * limit.perSecond) / 1000);
  const allowed = tokens >= 1;
  if (allowed) tokens -= 1;
  return {
    state: { tokens, at: Math.max(now, bucket.at) },
    decision: {
      allowed,
      remaining: Math.floor(tokens),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / limit.perSecond)),
    },
  };
}

/** One bucket held in process memory, on the injected clock (e.g. a vendor's client-side budget). */
export interface TokenBucket {
  take(): RateLimitDecision;
}

export function createTokenBucket(limit: RateLimit, clock: Clock): TokenBucket {
  if (!(limit.perSecond > 0) || !(limit.burst >= 1)) throw new Error('rateLimit needs perSecond > 0 and burst >= 1');
  let state: BucketState | undefined;
  return {
    take() {
      const step = takeToken(state, limit, clock.now());
      state = step.state;
      return step.decision;
    },
  };
}
