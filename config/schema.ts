import { z } from 'zod';

/**
 * The one configuration schema: partners (who may call, with which keys and scopes) and
 * sources (which upstreams exist and how to reach them). `npm run config:schema` emits it
 * as JSON Schema for editors. Secrets are references to environment variables, never inline.
 */
export const scopeNames = ['patient.read', 'appointment.read', 'coverage.read', 'eligibility.read', 'ride.read', 'ride.write'] as const;
export const scope = z.enum(scopeNames);
export type Scope = z.infer<typeof scope>;

/** `{ "env": "NAME" }`: the value is read from that environment variable at start-up. */
export const secretRef = z.strictObject({ env: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'environment variable name') });
export type SecretRef = z.infer<typeof secretRef>;

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes');
const httpUrl = z.string().url().refine((value) => /^https?:\/\//.test(value), 'an http(s) URL');
/** `sandbox://<simulator>` is replaced by the embedded simulator's loopback URL; sandbox only. */
const upstreamUrl = z.string().refine((value) => /^(https?|sandbox):\/\//.test(value), 'an http(s) URL (or sandbox://name in the sandbox)');

const jwk = z.looseObject({ kty: z.string(), kid: z.string().optional(), alg: z.string().optional() });

const partnerKeys = z.union([
  z.strictObject({ jwksUri: httpUrl }),
  z.strictObject({ jwks: z.strictObject({ keys: z.array(jwk).min(1) }) }),
]);

export const rateLimitConfig = z.strictObject({
  /** Sustained requests per second. */
  perSecond: z.number().positive(),
  /** Bucket size: how many requests may arrive at once. */
  burst: z.number().int().positive(),
});

export const partnerConfig = z.strictObject({
  id,
  name: z.string().min(1),
  status: z.enum(['active', 'suspended']).default('active'),
  scopes: z.array(scope).min(1),
  /** Source ids this partner may reach. */
  sources: z.array(id).default([]),
  /** Payer ids this partner may run eligibility for (payers: their own; providers: their contracted payers). */
  payerIds: z.array(z.string()).default([]),
  /** Keys the partner signs its token-request assertions with (SMART Backend Services). */
  keys: partnerKeys.optional(),
  rateLimit: rateLimitConfig.default({ perSecond: 20, burst: 40 }),
  /** Allow schema introspection outside the sandbox. */
  introspection: z.boolean().default(false),
  /**
   * Trusted documents (persisted operations): when set, this partner may run only queries whose
   * exact text has one of these SHA-256 hashes (lower-case hex). Off by default.
   */
  trustedDocuments: z.strictObject({ sha256: z.array(z.string().regex(/^[0-9a-f]{64}$/, 'lower-case hex SHA-256')) }).optional(),
});
export type PartnerConfig = z.infer<typeof partnerConfig>;

const cacheTtls = z.strictObject({
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

const fhirAuth = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('bearer'), token: secretRef }),
  z.strictObject({
    type: z.literal('smart-backend'),
    tokenUrl: httpUrl,
    clientId: z.string().min(1),
    privateJwk: secretRef,
    scope: z.string().default('system/*.read'),
  }),
]);

const ehrSource = z.strictObject({
  id,
  kind: z.literal('ehr'),
  adapter: z.literal('fhir-r4'),
  /** Vendor label for operators (epic, oracle-health, other); behaviour is plain FHIR R4. */
  vendor: z.enum(['epic', 'oracle-health', 'other']).default('other'),
  baseUrl: upstreamUrl,
  auth: fhirAuth.default({ type: 'none' }),
  timeoutMs: z.number().int().positive().default(10_000),
  pageSize: z.number().int().min(1).max(1000).default(50),
  cache: cacheTtls.default({ ttlSeconds: 30, staleSeconds: 300 }),
  resilience: resilienceConfig.optional(),
});

const eligibilitySource = z.strictObject({
  id,
  kind: z.literal('eligibility'),
  adapter: z.enum(['x12-core', 'eligibility-json']),
  baseUrl: upstreamUrl,
  /** Payer ids this source can answer for; a coverage's payer routes here. */
  payerIds: z.array(z.string()).min(1),
  /** Billing provider sent in every request unless the partner names one (NPI, 10 digits). */
  providerNpi: z.string().regex(/^\d{10}$/, '10-digit NPI'),
  providerName: z.string().min(1),
  senderId: z.string().default('CAREGATE'),
  receiverId: z.string().default('CLEARINGHOUSE'),
  username: z.string().optional(),
  password: secretRef.optional(),
  clientId: z.string().optional(),
  clientSecret: secretRef.optional(),
  /** CAQH CORE real-time rule: 20 s. */
  timeoutMs: z.number().int().positive().default(20_000),
  cache: cacheTtls.default({ ttlSeconds: 3600, staleSeconds: 86_400 }),
  resilience: resilienceConfig.optional(),
});

const rideSource = z.strictObject({
  id,
  kind: z.literal('rides'),
  adapter: z.enum(['lyft', 'uber-health']),
  baseUrl: upstreamUrl,
  clientId: z.string().min(1),
  clientSecret: secretRef,
  webhookSecret: secretRef,
  timeoutMs: z.number().int().positive().default(10_000),
  rateLimit: rateLimitConfig.default({ perSecond: 5, burst: 10 }),
  /** Minutes the rider should arrive before the appointment starts. */
  arrivalBufferMinutes: z.number().int().min(0).max(240).default(15),
  /** OAuth token endpoint; default: the adapter's (Lyft `${baseUrl}/oauth/token`, Uber `${baseUrl}/oauth/v2/token`). */
  tokenUrl: httpUrl.optional(),
  /** OAuth scope asked for; default: the adapter's (Lyft ride scopes, Uber `health`). */
  scope: z.string().min(1).optional(),
  /** Uber Health: organization UUID sent as x-uber-organizationuuid (required for third-party apps). */
  organizationId: z.string().min(1).optional(),
  /** Seconds between reconciliation polls of this source's active rides (catches lost webhooks); 0 = off. */
  reconcileIntervalSeconds: z.number().int().min(0).max(86_400).default(60),
  resilience: resilienceConfig.optional(),
});

export const sourceConfig = z.discriminatedUnion('kind', [ehrSource, eligibilitySource, rideSource]);
export type SourceConfig = z.infer<typeof sourceConfig>;
export type EhrSourceConfig = z.infer<typeof ehrSource>;
export type EligibilitySourceConfig = z.infer<typeof eligibilitySource>;
export type RideSourceConfig = z.infer<typeof rideSource>;

const signingKey = z.strictObject({
  /** Private JWK (ES256) that signs partner access tokens. The first active key signs. */
  privateJwk: z.union([secretRef, z.strictObject({ sandboxKey: z.literal('gateway') })]),
  /** Retired keys still verify (until their last tokens expire) but no longer sign. */
  retired: z.boolean().default(false),
});

export const gatewayConfig = z.strictObject({
  /** Editor hint only. */
  $schema: z.string().optional(),
  mode: z.enum(['sandbox', 'production']),
  /** Public base URL (token `iss`, token endpoint `aud`). */
  publicUrl: httpUrl.default('http://localhost:8787'),
  /** `aud` of the access tokens the gateway issues and accepts. */
  audience: z.string().default('caregate'),
  accessTokenTtlSeconds: z.number().int().min(30).max(300).default(300),
  signingKeys: z.array(signingKey).min(1),
  /** Key for HMAC-ing identifiers in cache/store key names (required in production). */
  keyHashSecret: secretRef.optional(),
  /** When set, GET /metrics needs `Authorization: Bearer <this secret>`; otherwise keep /metrics off the public network. */
  metricsToken: secretRef.optional(),
  partners: z.array(partnerConfig).min(1),
  sources: z.array(sourceConfig).min(1),
});
export type GatewayConfig = z.infer<typeof gatewayConfig>;
