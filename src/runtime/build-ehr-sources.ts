import type { JWK } from 'jose';
import { createFhirR4Adapter } from '../../adapters/ehr/fhir-r4';
import type { FetchFn } from '../../adapters/shared/upstream-request';
import { resolveSecret, type EnvLookup } from '../../config/parse-config';
import type { EhrSourceConfig, GatewayConfig } from '../../config/schema';
import type { Cache } from '../ports/cache';
import type { Clock } from '../ports/clock';
import type { EhrPort } from '../ports/ehr-port';
import { withRecordCache } from '../services/cached-ehr';
import type { KeyHasher } from '../services/key-hasher';

interface SourceDeps {
  env: EnvLookup;
  fetch: FetchFn;
  clock: Clock;
  cache: Cache;
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

/** One cached FHIR R4 port per `ehr` source in config. */
export function buildEhrSources(config: GatewayConfig, deps: SourceDeps): Map<string, EhrPort> {
  const sources = new Map<string, EhrPort>();
  config.sources.forEach((source, index) => {
    if (source.kind !== 'ehr') return;
    const port = createFhirR4Adapter({
      sourceId: source.id,
      baseUrl: source.baseUrl,
      fetch: deps.fetch,
      clock: deps.clock,
      auth: fhirAuth(source, index, deps.env),
      timeoutMs: source.timeoutMs,
      pageSize: source.pageSize,
    });
    sources.set(source.id, withRecordCache(port, { cache: deps.cache, hasher: deps.hasher, clock: deps.clock, ttl: source.cache }));
  });
  return sources;
}
