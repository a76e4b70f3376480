import { z } from 'zod';

/**
 * Building blocks shared by the gateway schema (config/schema.ts) and the adapters' own source
 * schemas. This file imports no adapter, so adapters can build on it without an import cycle.
 */

/** `{ "env": "NAME" }`: the value is read from that environment variable at start-up. */
export const secretRef = z.strictObject({ env: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'environment variable name') });
export type SecretRef = z.infer<typeof secretRef>;

export const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes');
export const httpUrl = z.string().url().refine((value) => /^https?:\/\//.test(value), 'an http(s) URL');
/** `sandbox://<simulator>` is replaced by the embedded simulator's loopback URL; sandbox only. */
export const upstreamUrl = z.string().refine((value) => /^(https?|sandbox):\/\//.test(value), 'an http(s) URL (or sandbox://name in the sandbox)');

export const rateLimitConfig = z.strictObject({
  /** Sustained requests per second. */
  perSecond: z.number().positive(),
  /** Bucket size: how many requests may arrive at once. */
  burst: z.number().int().positive(),
});

export const cacheTtls = z.strictObject({
  /** Seconds an upstream answer is fresh. */
  ttlSeconds: z.number().int().nonnegative(),
  /** Seconds past freshness a stale answer may still be served when the upstream fails. */
  staleSeconds: z.number().int().nonnegative().default(0),
  /** Seconds past freshness during which the cached answer is served while a refresh runs behind it (default 0 = off). */
  swrSeconds: z.number().int().nonnegative().optional(),
  /** Seconds a "not found" is remembered, so a retry storm for a missing record does not reach the upstream (default: EHR 30, eligibility 60). */
  negativeTtlSeconds: z.number().int().nonnegative().optional(),
});

/** Per-source protection of the upstream and of the gateway from it (cockatiel circuit breaker + bulkhead). */
export const resilienceConfig = z.strictObject({
  /** Calls to this source in flight at once, per gateway instance; more wait in the queue. */
  maxConcurrent: z.number().int().positive().default(32),
  /** Calls that may wait for a slot; beyond this they fail at once (UPSTREAM_UNAVAILABLE, retryable). */
  maxQueue: z.number().int().nonnegative().default(64),
  circuitBreaker: z
    .strictObject({
      /** Share (0-1] of failed calls (5xx, timeouts, connection errors) among the last `windowSize` that opens the circuit. */
      failureRate: z.number().gt(0).max(1).default(0.5),
      windowSize: z.number().int().min(2).default(20),
      /** No opening before this many calls were seen (a cold instance must not trip on its first two errors). */
      minimumCalls: z.number().int().positive().default(10),
      /** How long the circuit stays open before one trial call (half-open) may test the upstream again. */
      halfOpenAfterMs: z.number().int().positive().default(10_000),
    })
    .default({ failureRate: 0.5, windowSize: 20, minimumCalls: 10, halfOpenAfterMs: 10_000 }),
});
export type ResilienceConfig = z.infer<typeof resilienceConfig>;
/** What a source without a `resilience` block gets (the field is optional so configs built in code stay valid). */
export const defaultResilience: ResilienceConfig = resilienceConfig.parse({});
