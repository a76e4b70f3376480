import type { Hono } from 'hono';
import { rideAdapters } from '../../adapters/rides/registry';
import type { GatewayConfig } from '../../config/schema';
import type { ReadinessCheck } from '../http/readiness';
import { mountRideWebhookRoute } from '../http/ride-webhook-route';
import type { AuditSink } from '../ports/audit-sink';
import type { EhrPort } from '../ports/ehr-port';
import type { Logger } from '../ports/logger';
import type { RidePort } from '../ports/ride-port';
import type { Store } from '../ports/store';
import type { KeyHasher } from '../crypto/key-hasher';
import { buildSourcePort, type SourcePortDeps } from './build-source-port';
import { createRideEvents, createRideService, type RideBenefitChecker, type RideEventTarget, type RideService, type RideSource } from '../services/rides';

export interface RideSourcesDeps extends SourcePortDeps {
  logger: Logger;
  store: Store;
  hasher: KeyHasher;
  auditSink: AuditSink;
  /** Uncached EHR ports: ride decisions (cancelled appointment?) must see the EHR as it is now. */
  ehr: ReadonlyMap<string, EhrPort>;
  /** Shared pub/sub for rideUpdated (Redis on Node); in-process when absent. */
  eventTarget?: RideEventTarget;
  eventTopic?: string;
  /** The transportation benefit check of bookings (over the gateway's eligibility routes). */
  benefits?: RideBenefitChecker;
}

export interface RideSources {
  ports: RidePort[];
  service: RideService;
  readiness: ReadinessCheck[];
  /** Mounts POST /webhooks/rides/:sourceId. */
  mount(app: Hono): void;
}

/** The config with EHR record caching off (ttl 0): for the ride service's own EHR ports. */
export const withoutEhrRecordCache = (config: GatewayConfig): GatewayConfig => ({
  ...config,
  sources: config.sources.map((source) => (source.kind === 'ehr' ? { ...source, cache: { ...source.cache, ttlSeconds: 0 } } : source)),
});

/** One port per `rides` source in config, the ride service over them, and the webhook route. */
export function buildRideSources(config: GatewayConfig, deps: RideSourcesDeps): RideSources {
  const sources = new Map<string, RideSource>();
  config.sources.forEach((source, index) => {
    if (source.kind !== 'rides') return;
    sources.set(source.id, {
      port: buildSourcePort(rideAdapters, source, index, deps),
      arrivalBufferMinutes: source.arrivalBufferMinutes,
      timeoutMs: source.timeoutMs,
      reconcileIntervalSeconds: source.reconcileIntervalSeconds,
    });
  });
  const events = createRideEvents({ ...(deps.eventTarget ? { eventTarget: deps.eventTarget } : {}), ...(deps.eventTopic ? { topic: deps.eventTopic } : {}) });
  const service = createRideService({
    sources,
    ehr: (sourceId) => deps.ehr.get(sourceId),
    store: deps.store,
    hasher: deps.hasher,
    clock: deps.clock,
    logger: deps.logger,
    auditSink: deps.auditSink,
    events,
    benefits: deps.benefits,
  });
  const ports = [...sources.values()].map((source) => source.port);
  return {
    ports,
    service,
    readiness: ports.map((port) => {
      const setupWarning = port.setupWarning?.bind(port);
      return { name: `source:${port.sourceId}`, critical: false, probe: () => port.ping(), ...(setupWarning ? { warning: setupWarning } : {}) };
    }),
    mount: (app) => mountRideWebhookRoute(app, { webhooks: service.webhooks, logger: deps.logger }),
  };
}
