import { z } from 'zod';
import { cacheTtls, id, rateLimitConfig, resilienceConfig, secretRef, upstreamUrl } from './schema-parts';

/**
 * The fields every source of one kind has, whatever its adapter: what the runtime and the services
 * read (caching, routing, timeouts, resilience). An adapter's config schema extends its kind's base
 * with `adapter: z.literal(<name>)` and its own fields; config/schema.ts unions them by kind, then
 * by adapter. Keep adapter-specific fields out of here.
 */

export const ehrSourceBase = z.strictObject({
  id,
  kind: z.literal('ehr'),
  baseUrl: upstreamUrl,
  timeoutMs: z.number().int().positive().default(10_000),
  cache: cacheTtls.default({ ttlSeconds: 30, staleSeconds: 300 }),
  resilience: resilienceConfig.optional(),
});

export const eligibilitySourceBase = z.strictObject({
  id,
  kind: z.literal('eligibility'),
  baseUrl: upstreamUrl,
  /** Payer ids this source can answer for; a coverage's payer routes here. */
  payerIds: z.array(z.string()).min(1),
  /** Billing provider sent in every request unless the partner names one (NPI, 10 digits). */
  providerNpi: z.string().regex(/^\d{10}$/, '10-digit NPI'),
  providerName: z.string().min(1),
  /** CAQH CORE real-time rule: 20 s. */
  timeoutMs: z.number().int().positive().default(20_000),
  cache: cacheTtls.default({ ttlSeconds: 3600, staleSeconds: 86_400 }),
  resilience: resilienceConfig.optional(),
});

/** Ride vendors all hold an OAuth client (id and secret) and send signed status webhooks; an adapter may add how rides are authorized (its own `auth` block). */
export const rideSourceBase = z.strictObject({
  id,
  kind: z.literal('rides'),
  baseUrl: upstreamUrl,
  clientId: z.string().min(1),
  clientSecret: secretRef,
  webhookSecret: secretRef,
  timeoutMs: z.number().int().positive().default(10_000),
  rateLimit: rateLimitConfig.default({ perSecond: 5, burst: 10 }),
  /** Minutes the rider should arrive before the appointment starts. */
  arrivalBufferMinutes: z.number().int().min(0).max(240).default(15),
  /** OAuth token endpoint; default: the adapter's own. `sandbox://<name>/path` in the sandbox. */
  tokenUrl: upstreamUrl.optional(),
  /** OAuth scope asked for; default: the adapter's own. */
  scope: z.string().min(1).optional(),
  /** Seconds between reconciliation polls of this source's active rides (catches lost webhooks); 0 = off. */
  reconcileIntervalSeconds: z.number().int().min(0).max(86_400).default(60),
  resilience: resilienceConfig.optional(),
});
