import { eligibilityAdapters } from '../../adapters/eligibility/registry';
import type { GatewayConfig } from '../../config/schema';
import type { EligibilityPort } from '../ports/eligibility-port';
import type { EligibilityRoute } from '../services/eligibility-service';
import { buildSourcePort, type SourcePortDeps } from './build-source-port';

/** payer id -> the eligibility source that serves it (first source listing the payer wins). */
export function buildEligibilityRoutes(config: GatewayConfig, deps: SourcePortDeps) {
  const routes = new Map<string, EligibilityRoute>();
  const ports: EligibilityPort[] = [];
  config.sources.forEach((source, index) => {
    if (source.kind !== 'eligibility') return;
    const port = buildSourcePort(eligibilityAdapters, source, index, deps);
    ports.push(port);
    const route: EligibilityRoute = {
      port,
      ttlSeconds: source.cache.ttlSeconds,
      staleSeconds: source.cache.staleSeconds,
      swrSeconds: source.cache.swrSeconds,
      negativeTtlSeconds: source.cache.negativeTtlSeconds,
      provider: { npi: source.providerNpi, organizationName: source.providerName },
    };
    for (const payerId of source.payerIds) if (!routes.has(payerId)) routes.set(payerId, route);
  });
  return { routes, ports };
}
