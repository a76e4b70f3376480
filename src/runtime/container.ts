import type { Hono } from 'hono';
import type { FetchFn } from '../ports/fetch';
import { resolveSecret, type EnvLookup } from '../../config/parse-config';
import type { GatewayConfig, PartnerConfig } from '../../config/schema';
import { createStdoutAuditSink } from '../audit/stdout-audit-sink';
import { createAccessTokenIssuer, type AccessTokenIssuer } from '../auth/access-token-issuer';
import { createAccessTokenVerifier, type AccessTokenVerifier, type TokenDigest } from '../auth/access-token-verifier';
import type { GatewayKeyRing } from '../auth/gateway-signing-keys';
import { createGatewayYoga, type GatewayYoga } from '../graphql/create-yoga';
import { cachePersistedQueryStore } from '../graphql/persisted-queries/persisted-query-store';
import { createApp } from '../http/create-app';
import { createCorsPolicy } from '../pipeline/cors-policy';
import { mountMetricsRoute } from '../http/metrics-route';
import { countInvalidRecords } from '../observability/count-invalid-records';
import { createGatewayMetrics, type GatewayMetrics } from '../observability/gateway-metrics';
import type { ReadinessCheck } from '../http/readiness';
import type { AuditSink } from '../ports/audit-sink';
import type { Cache } from '../ports/cache';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { RateLimiter } from '../ports/rate-limiter';
import type { Store } from '../ports/store';
import { createCachePolicy } from '../services/cache-policy';
import { createEligibilityService } from '../services/eligibility-service';
import { createKeyHasher } from '../crypto/key-hasher';
import { createCursorSeal } from '../crypto/cursor-seal';
import { buildEhrSources } from './build-ehr-sources';
import { buildRideSources, withoutEhrRecordCache } from './build-ride-sources';
import { createRideBenefitChecker, type RideEventTarget, type RideService } from '../services/rides';
import { buildPartnerAccess } from './build-partner-access';
import { buildEligibilityRoutes } from './build-eligibility-sources';
import { gatewayKeysFromConfig } from './gateway-keys-from-config';
import { traceAwareLogger } from '../observability/trace-aware-logger';
import type { TraceScope } from '../pipeline/trace-scope';
import { buildSourceFetches, type SourceFetches } from './source-fetches';

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
  /** Prometheus metrics (a runtime may pre-register its own gauges); a fresh set when absent. */
  metrics?: GatewayMetrics;
  /** True while the runtime drains for shutdown (/readyz answers 503). */
  draining?: () => boolean;
  /** Pub/sub spanning instances for rideUpdated (Redis on Node); in-process when absent. */
  rideEvents?: { eventTarget: RideEventTarget; topic: string };
  /** A faster token digest where the runtime has one (Node: node:crypto, synchronous). */
  tokenDigest?: TokenDigest;
  /** The current request's trace, where the runtime can keep one across awaits (Node); none on Workers. */
  traceScope?: TraceScope;
}

export interface Container {
  config: GatewayConfig;
  app: Hono;
  yoga: GatewayYoga;
  keyRing: GatewayKeyRing;
  issuer: AccessTokenIssuer;
  verifier: AccessTokenVerifier;
  metrics: GatewayMetrics;
  /** Per-source fetch (circuit breaker, bulkhead, metrics, logs): adapters added later take theirs from here. */
  sourceFetches: SourceFetches;
  /** Rides (absent without ride sources): `rides.reconciler.start()` runs the polls, `reconcile()` one pass. */
  rides: RideService | undefined;
}

/** The composition root shared by every runtime: config in, a ready HTTP app out. */
export async function buildContainer(deps: ContainerDeps): Promise<Container> {
  const { config, clock } = deps;
  const logger = deps.traceScope ? traceAwareLogger(deps.logger, deps.traceScope) : deps.logger;
  const keyRing = await gatewayKeysFromConfig(config, deps.env);
  const issuer = createAccessTokenIssuer({ keys: keyRing, issuer: config.publicUrl, audience: config.audience, ttlSeconds: config.accessTokenTtlSeconds, clock });
  const verifier = createAccessTokenVerifier({
    keys: keyRing,
    issuer: config.publicUrl,
    audience: config.audience,
    clock,
    maxLifetimeSeconds: config.accessTokenTtlSeconds,
    clockToleranceSeconds: config.clockToleranceSeconds,
    ...(deps.tokenDigest ? { digest: deps.tokenDigest } : {}),
  });
  const hashSecret = config.keyHashSecret ? resolveSecret(config.keyHashSecret, deps.env, 'keyHashSecret') : SANDBOX_KEY_HASH_SECRET;
  const hasher = await createKeyHasher(hashSecret);
  const cursors = await createCursorSeal(hashSecret);
  const metrics = deps.metrics ?? createGatewayMetrics();
  const store = countInvalidRecords(deps.store, (namespace) => metrics.storeRecordInvalid(namespace));
  const sourceFetches = buildSourceFetches(config, { fetch: deps.fetch, logger, metrics, ...(deps.traceScope ? { traceScope: deps.traceScope } : {}) });
  const cachePolicy = createCachePolicy({ cache: deps.cache, clock, onEvent: (kind, cache) => metrics.cacheEvent(cache, kind) });
  const ehrDeps = { env: deps.env, fetch: deps.fetch, fetchFor: sourceFetches.fetchFor, clock, store, policy: cachePolicy, hasher };
  const ehrSources = buildEhrSources(config, ehrDeps);
  const eligibilitySources = buildEligibilityRoutes(config, { env: deps.env, fetch: deps.fetch, fetchFor: sourceFetches.fetchFor, clock, store });
  const eligibility = createEligibilityService({ routes: eligibilitySources.routes, policy: cachePolicy, hasher, clock });
  const partners = new Map<string, PartnerConfig>(config.partners.map((partner) => [partner.id, partner]));

  const auditSink = deps.auditSink ?? createStdoutAuditSink();
  const rideSources = config.sources.some((source) => source.kind === 'rides')
    ? buildRideSources(config, {
        env: deps.env,
        fetch: deps.fetch,
        fetchFor: sourceFetches.fetchFor,
        clock,
        logger,
        store,
        hasher,
        auditSink,
        // Ride decisions (is the appointment cancelled?) read the EHR as it is now, not as cached.
        ehr: buildEhrSources(withoutEhrRecordCache(config), ehrDeps),
        benefits: createRideBenefitChecker({ eligibility, clock, onVerdict: (mode, status) => metrics.rideBenefitCheck(mode, status) }),
        ...(deps.rideEvents ? { eventTarget: deps.rideEvents.eventTarget, eventTopic: deps.rideEvents.topic } : {}),
      })
    : undefined;

  const partnerAccess = buildPartnerAccess({
    config,
    partners,
    fetch: deps.fetch,
    clock,
    logger,
    store,
    issuer,
    verifier,
    keyRing,
    onRateLimited: (partnerId) => metrics.rateLimited(partnerId),
    ...(deps.rateLimiter ? { rateLimiter: deps.rateLimiter } : {}),
  });

  const cors = createCorsPolicy({ mode: config.mode, cors: config.cors });
  const yoga = createGatewayYoga({
    services: { config, clock, logger, ehrSources, eligibility, cursors, rides: rideSources?.service },
    gate: partnerAccess.gate,
    metrics,
    persistedQueries: cachePersistedQueryStore(deps.cache),
    auditSink,
    sandbox: config.mode === 'sandbox',
    ...(deps.traceScope ? { traceScope: deps.traceScope } : {}),
    cors,
  });

  const readiness: ReadinessCheck[] = [
    ...[...ehrSources.values(), ...eligibilitySources.ports].map((port) => ({ name: `source:${port.sourceId}`, critical: false, probe: () => port.ping() })),
    ...(rideSources?.readiness ?? []),
    ...(deps.stateReadiness ? [deps.stateReadiness] : []),
  ];
  const metricsToken = config.metricsToken ? resolveSecret(config.metricsToken, deps.env, 'metricsToken') : undefined;
  const app = createApp({
    graphql: (request, serverContext) => yoga.fetch(request, serverContext),
    logger,
    readiness,
    cors,
    mount: (routes) => {
      partnerAccess.mount(routes);
      mountMetricsRoute(routes, { registry: metrics.registry, token: metricsToken });
      rideSources?.mount(routes);
    },
    circuits: sourceFetches.circuitStates,
    ...(deps.draining ? { draining: deps.draining } : {}),
  });
  return { config, app, yoga, keyRing, issuer, verifier, metrics, sourceFetches, rides: rideSources?.service };
}
