import { ehrAdapters } from '../../adapters/ehr/registry';
import type { GatewayConfig } from '../../config/schema';
import type { EhrPort } from '../ports/ehr-port';
import type { CachePolicy } from '../services/cache-policy';
import { withRecordCache } from '../services/cached-ehr';
import type { KeyHasher } from '../crypto/key-hasher';
import { buildSourcePort, type SourcePortDeps } from './build-source-port';

interface SourceDeps extends SourcePortDeps {
  policy: CachePolicy;
  hasher: KeyHasher;
}

/** How long an id the EHR does not have is remembered when the source's config does not say. */
const EHR_NEGATIVE_TTL_SECONDS = 30;

/** One cached port per `ehr` source in config, built by the adapter the source names. */
export function buildEhrSources(config: GatewayConfig, deps: SourceDeps): Map<string, EhrPort> {
  const sources = new Map<string, EhrPort>();
  config.sources.forEach((source, index) => {
    if (source.kind !== 'ehr') return;
    const port = buildSourcePort(ehrAdapters, source, index, deps);
    const ttl = { ...source.cache, negativeTtlSeconds: source.cache.negativeTtlSeconds ?? EHR_NEGATIVE_TTL_SECONDS };
    sources.set(source.id, withRecordCache(port, { policy: deps.policy, hasher: deps.hasher, ttl }));
  });
  return sources;
}
