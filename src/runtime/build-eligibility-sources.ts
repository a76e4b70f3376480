import { createEligibilityJsonAdapter } from '../../adapters/eligibility/eligibility-json';
import { createX12CoreAdapter } from '../../adapters/eligibility/x12-core';
import type { FetchFn } from '../ports/fetch';
import { ConfigError, resolveSecret, type EnvLookup } from '../../config/parse-config';
import type { EligibilitySourceConfig, GatewayConfig } from '../../config/schema';
import type { Clock } from '../ports/clock';
import type { EligibilityPort } from '../ports/eligibility-port';
import type { EligibilityRoute } from '../services/eligibility-service';

const buildPort = (source: EligibilitySourceConfig, index: number, deps: { env: EnvLookup; fetch: FetchFn; clock: Clock }): EligibilityPort => {
  const at = `sources[${index}]`;
  if (source.adapter === 'x12-core') {
    if (!source.username || !source.password) throw new ConfigError(`Invalid config:\n  ${at}: x12-core needs username and password`);
    return createX12CoreAdapter({
      sourceId: source.id,
      baseUrl: source.baseUrl,
      fetch: deps.fetch,
      clock: deps.clock,
      senderId: source.senderId,
      receiverId: source.receiverId,
      credentials: { username: source.username, password: resolveSecret(source.password, deps.env, `${at}.password`) },
      timeoutMs: source.timeoutMs,
    });
  }
  const auth =
    source.clientId && source.clientSecret
      ? { clientId: source.clientId, clientSecret: resolveSecret(source.clientSecret, deps.env, `${at}.clientSecret`) }
      : ('none' as const);
  return createEligibilityJsonAdapter({ sourceId: source.id, baseUrl: source.baseUrl, fetch: deps.fetch, clock: deps.clock, auth, timeoutMs: source.timeoutMs });
};

/** payer id -> the eligibility source that serves it (first source listing the payer wins). */
export function buildEligibilityRoutes(config: GatewayConfig, deps: { env: EnvLookup; fetch: FetchFn; clock: Clock; fetchFor?: (sourceId: string) => FetchFn }) {
  const routes = new Map<string, EligibilityRoute>();
  const ports: EligibilityPort[] = [];
  config.sources.forEach((source, index) => {
    if (source.kind !== 'eligibility') return;
    // The source's own fetch (circuit breaker, bulkhead, metrics) when the runtime provides one.
    const port = buildPort(source, index, { ...deps, fetch: deps.fetchFor?.(source.id) ?? deps.fetch });
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
