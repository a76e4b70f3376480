import type { JWK } from 'jose';
import { createFhirR4Adapter } from '../../adapters/ehr/fhir-r4';
import type { FetchFn } from '../ports/fetch';
import { resolveSecret, type EnvLookup } from '../../config/parse-config';
import type { EhrSourceConfig, GatewayConfig } from '../../config/schema';
import type { Clock } from '../ports/clock';
import type { EhrPort } from '../ports/ehr-port';
import type { CachePolicy } from '../services/cache-policy';
import { withRecordCache } from '../services/cached-ehr';
import type { KeyHasher } from '../crypto/key-hasher';

interface SourceDeps {
  env: EnvLookup;
  fetch: FetchFn;
  /** The fetch of one source (circuit breaker, bulkhead, metrics); `fetch` when absent. */
  fetchFor?: (sourceId: string) => FetchFn;
  clock: Clock;
  policy: CachePolicy;
  hasher: KeyHasher;
}

const fhirAuth = (source: EhrSourceConfig, index: number, env: EnvLookup) => {
  const auth = source.auth;
  const at = `sources[${index}].auth`;
  switch (auth.type) {
    case 'none':
      return { type: 'none' as const };
    case 'bearer':
      return { type: 'bearer' as const, token: resolveSecret(auth.token, env, `${at}.token`) };
    case 'smart-backend':
      return {
        type: 'smart-backend' as const,
        tokenUrl: auth.tokenUrl,
        clientId: auth.clientId,
        privateJwk: JSON.parse(resolveSecret(auth.privateJwk, env, `${at}.privateJwk`)) as JWK,
        scope: auth.scope,
      };
  }
};

/** How long an id the EHR does not have is remembered when the source's config does not say. */
const EHR_NEGATIVE_TTL_SECONDS = 30;

/** One cached FHIR R4 port per `ehr` source in config. */
export function buildEhrSources(config: GatewayConfig, deps: SourceDeps): Map<string, EhrPort> {
  const sources = new Map<string, EhrPort>();
  config.sources.forEach((source, index) => {
    if (source.kind !== 'ehr') return;
    const port = createFhirR4Adapter({
      sourceId: source.id,
      baseUrl: source.baseUrl,
      fetch: deps.fetchFor?.(source.id) ?? deps.fetch,
      clock: deps.clock,
      auth: fhirAuth(source, index, deps.env),
      timeoutMs: source.timeoutMs,
      pageSize: source.pageSize,
    });
    const ttl = { ...source.cache, negativeTtlSeconds: source.cache.negativeTtlSeconds ?? EHR_NEGATIVE_TTL_SECONDS };
    sources.set(source.id, withRecordCache(port, { policy: deps.policy, hasher: deps.hasher, ttl }));
  });
  return sources;
}
