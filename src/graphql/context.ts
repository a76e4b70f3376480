import type { GatewayConfig, SourceConfig } from '../../config/schema';
import type { PartnerContext } from '../auth/partner';
import { GatewayError } from '../domain/errors';
import type { Clock } from '../ports/clock';
import type { EhrPort } from '../ports/ehr-port';
import type { Logger } from '../ports/logger';
import type { EligibilityService } from '../services/eligibility-service';
import type { CursorSeal } from '../crypto/cursor-seal';
import type { RideService } from '../services/rides';
import type { RequestAudit } from './request-audit';
import type { EhrLoaders } from './loaders';
import { chargedEhrPort, type UpstreamBudget } from './upstream-budget';

/** What resolvers may use. Resolvers never reach adapters except through these ports. */
export interface GatewayServices {
  config: GatewayConfig;
  clock: Clock;
  logger: Logger;
  ehrSources: ReadonlyMap<string, EhrPort>;
  eligibility: EligibilityService;
  /** Seals and opens the page cursors partners hold. */
  cursors: CursorSeal;
  /** Rides to appointments; absent when config has no ride sources. */
  rides?: RideService;
}

export interface GatewayContext {
  requestId: string;
  partner: PartnerContext;
  logger: Logger;
  services: GatewayServices;
  loaders: EhrLoaders;
  audit: RequestAudit;
  /** Upstream calls this request may still make (config graphqlLimits.maxUpstreamCalls); EHR ports from `ehr()` charge it themselves. */
  upstream: UpstreamBudget;
  /** The source config if this partner may reach it; FORBIDDEN otherwise (same answer for unknown ids). */
  reachableSource(sourceId: string): SourceConfig;
  /** The EHR port of a source this partner may reach; its reads are charged to `upstream`. */
  ehr(sourceId: string): EhrPort;
}

export function sourceAccess(partner: PartnerContext, services: GatewayServices, upstream: UpstreamBudget) {
  const reachableSource = (sourceId: string): SourceConfig => {
    const source = partner.config.sources.includes(sourceId) ? services.config.sources.find((s) => s.id === sourceId) : undefined;
    if (!source) throw new GatewayError('FORBIDDEN', 'This partner may not reach that source', { details: { sourceId } });
    return source;
  };
  const charged = new Map<string, EhrPort>();
  const ehr = (sourceId: string): EhrPort => {
    reachableSource(sourceId);
    const port = services.ehrSources.get(sourceId);
    if (!port) throw new GatewayError('BAD_INPUT', 'That source is not an EHR', { details: { sourceId } });
    let forRequest = charged.get(sourceId);
    if (!forRequest) charged.set(sourceId, (forRequest = chargedEhrPort(port, upstream)));
    return forRequest;
  };
  return { reachableSource, ehr };
}
