/** A token bucket's shape: refills at `perSecond`, holds at most `burst` tokens. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Whole tokens left in the bucket after this call. */
  remaining: number;
  /** When refused: whole seconds (>= 1) until one token is back. 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * Per-key token buckets (one per partner). Shared across gateway instances when the backend
 * is shared (Redis), so N instances enforce one limit, not N.
 */
export interface RateLimiter {
  /**
   * Takes one token from the bucket `key` (a PHI-free id such as a partner id), creating it full
   * on first use. Never rejects because the backend is down: implementations fail open to a
   * local bucket rather than refuse every partner.
   */
  take(key: string, limit: RateLimit): Promise<RateLimitDecision>;
}
