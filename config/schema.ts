import { z } from 'zod';
import { ehrAdapters } from '../adapters/ehr/registry';
import { eligibilityAdapters } from '../adapters/eligibility/registry';
import { rideAdapters } from '../adapters/rides/registry';
import { corsConfig } from './cors';
import { graphqlLimitsConfig } from './graphql-limits';
import { httpUrl, id, rateLimitConfig, secretRef } from './schema-parts';

/**
 * The one configuration schema: partners (who may call, with which keys and scopes) and
 * sources (which upstreams exist and how to reach them). `npm run config:schema` emits it
 * as JSON Schema for editors. Secrets are references to environment variables, never inline.
 */
export const scopeNames = ['patient.read', 'appointment.read', 'coverage.read', 'eligibility.read', 'ride.read', 'ride.write'] as const;
export const scope = z.enum(scopeNames);
export type Scope = z.infer<typeof scope>;

export { defaultResilience, rateLimitConfig, resilienceConfig, secretRef, type ResilienceConfig, type SecretRef } from './schema-parts';
export type { EhrSourceConfig } from '../adapters/ehr/registry';
export type { EligibilitySourceConfig } from '../adapters/eligibility/registry';
export type { RideSourceConfig } from '../adapters/rides/registry';

const jwk = z.looseObject({ kty: z.string(), kid: z.string().optional(), alg: z.string().optional() });

const partnerKeys = z.union([
  z.strictObject({ jwksUri: httpUrl }),
  z.strictObject({ jwks: z.strictObject({ keys: z.array(jwk).min(1) }) }),
]);

export const partnerConfig = z.strictObject({
  id,
  name: z.string().min(1),
  status: z.enum(['active', 'suspended']).default('active'),
  scopes: z.array(scope).min(1),
  /** Source ids this partner may reach. */
  sources: z.array(id).default([]),
  /**
   * Payer ids whose coverages (member ids) this partner sees and eligibility it may run (payers:
   * their own; providers: their contracted payers). Empty sees none; `["*"]` sees every payer.
   */
  payerIds: z
    .array(z.string().min(1))
    .refine((ids) => !ids.includes('*') || ids.length === 1, '"*" (every payer) stands alone')
    .default([]),
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
  /**
   * Transportation benefit check when this partner books a ride: `required` refuses a patient
   * whose payer says not covered (BENEFIT_NOT_COVERED) or does not say (BENEFIT_UNKNOWN);
   * `advisory` books and records the verdict; `off` does not ask the payer.
   */
  rideBenefitCheck: z.enum(['off', 'advisory', 'required']).default('off'),
});
export type PartnerConfig = z.infer<typeof partnerConfig>;

/**
 * Sources: a union by `kind`, each kind a union by `adapter` composed from its registry, so the
 * JSON Schema lists each adapter's exact fields and a bad field fails at parse time with its path.
 */
export const sourceConfig = z.discriminatedUnion('kind', [ehrAdapters.configSchema, eligibilityAdapters.configSchema, rideAdapters.configSchema]);
export type SourceConfig = z.infer<typeof sourceConfig>;

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
  /** Clock skew allowed on exp/nbf/iat of access tokens and client assertions (everyone runs NTP). */
  clockToleranceSeconds: z.number().int().min(0).max(5).default(5),
  signingKeys: z.array(signingKey).min(1),
  /** Key for HMAC-ing identifiers in cache/store key names (required in production). */
  keyHashSecret: secretRef.optional(),
  /** When set, GET /metrics needs `Authorization: Bearer <this secret>`; otherwise keep /metrics off the public network. */
  metricsToken: secretRef.optional(),
  partners: z.array(partnerConfig).min(1),
  sources: z.array(sourceConfig).min(1),
  /** Bounds on what one /graphql request may ask (config/graphql-limits.ts); every field has a default. */
  graphqlLimits: graphqlLimitsConfig.prefault({}),
  /** Browser origins allowed by CORS; absent: none in production, loopback in the sandbox (config/cors.ts). */
  cors: corsConfig.optional(),
});
export type GatewayConfig = z.infer<typeof gatewayConfig>;
