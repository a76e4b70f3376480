import type { Hono } from 'hono';
import type { FetchFn } from '../../adapters/shared/upstream-request';
import { resolveSecret, type EnvLookup } from '../../config/parse-config';
import type { GatewayConfig, PartnerConfig } from '../../config/schema';
import { createStdoutAuditSink } from '../audit/stdout-audit-sink';
import { createAccessTokenIssuer, type AccessTokenIssuer } from '../auth/access-token-issuer';
import { createAccessTokenVerifier, type AccessTokenVerifier } from '../auth/access-token-verifier';
import type { GatewayKeyRing } from '../auth/gateway-signing-keys';
import { createGatewayYoga, type GatewayYoga } from '../graphql/create-yoga';
import { createApp } from '../http/create-app';
import type { ReadinessCheck } from '../http/readiness';
import type { AuditSink } from '../ports/audit-sink';
import type { Cache } from '../ports/cache';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { RateLimiter } from '../ports/rate-limiter';
import type { Store } from '../ports/store';
import { createCachePolicy } from '../services/cache-policy';
import { createEligibilityService } from '../services/eligibility-service';
import { createKeyHasher } from '../services/key-hasher';
import { buildEhrSources } from './build-ehr-sources';
import { buildPartnerAccess } from './build-partner-access';
import { buildEligibilityRoutes } from './build-eligibility-sources';
import { gatewayKeysFromConfig } from './gateway-keys-from-config';

/** Only for the sandbox, where cache keys need not resist anyone: production config requires keyHashSecret. */
const SANDBOX_KEY_HASH_SECRET = 'caregate-sandbox-only-key-hash-secret';

export interface ContainerDeps {
  config: GatewayConfig;
  env: EnvLookup;
  fetch: FetchFn;
  clock: Clock;
  logger: Logger;
  cache: Cache;
  store: Store;
  /** Probe for the shared state backend (Redis), when there is one. */
  stateReadiness?: ReadinessCheck;
  auditSink?: AuditSink;
  /** Per-partner rate limiter shared across instances (Redis); per-process memory when absent. */
  rateLimiter?: RateLimiter;
}

export interface Container {
  config: GatewayConfig;
  app: Hono;
  yoga: GatewayYoga;
  keyRing: GatewayKeyRing;
  issuer: AccessTokenIssuer;
  verifier: AccessTokenVerifier;
}

/** The composition root shared by every runtime: config in, a ready HTTP app out. */
export async function buildContainer(deps: ContainerDeps): Promise<Container> {
  const { config, clock, logger } = deps;
  const keyRing = await gatewayKeysFromConfig(config, deps.env);
  const issuer = createAccessTokenIssuer({ keys: keyRing, issuer: config.publicUrl, audience: config.audience, ttlSeconds: config.accessTokenTtlSeconds, clock });
  const verifier = createAccessTokenVerifier({ keys: keyRing, issuer: config.publicUrl, audience: config.audience, clock });
  const hashSecret = config.keyHashSecret ? resolveSecret(config.keyHashSecret, deps.env, 'keyHashSecret') : SANDBOX_KEY_HASH_SECRET;
  const hasher = await createKeyHasher(hashSecret);
  const ehrSources = buildEhrSources(config, { env: deps.env, fetch: deps.fetch, clock, cache: deps.cache, hasher });
  const eligibilitySources = buildEligibilityRoutes(config, { env: deps.env, fetch: deps.fetch, clock });
  const cachePolicy = createCachePolicy({ cache: deps.cache, clock });
  const eligibility = createEligibilityService({ routes: eligibilitySources.routes, policy: cachePolicy, hasher, clock });
  const partners = new Map<string, PartnerConfig>(config.partners.map((partner) => [partner.id, partner]));

  const partnerAccess = buildPartnerAccess({ config, partners, fetch: deps.fetch, clock, logger, store: deps.store, issuer, keyRing, ...(deps.rateLimiter ? { rateLimiter: deps.rateLimiter } : {}) });

  const yoga = createGatewayYoga({
    services: { config, clock, logger, ehrSources, eligibility },
    auth: { verifier, partners, afterAuthenticate: partnerAccess.afterAuthenticate },
    auditSink: deps.auditSink ?? createStdoutAuditSink(),
    sandbox: config.mode === 'sandbox',
    plugins: partnerAccess.plugins,
  });

  const readiness: ReadinessCheck[] = [
    ...[...ehrSources.values(), ...eligibilitySources.ports].map((port) => ({ name: `source:${port.sourceId}`, critical: false, probe: () => port.ping() })),
    ...(deps.stateReadiness ? [deps.stateReadiness] : []),
  ];
  const app = createApp({ yoga, logger, readiness, mount: (routes) => partnerAccess.mount(routes) });
  return { config, app, yoga, keyRing, issuer, verifier };
}
