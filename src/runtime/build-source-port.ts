import type { AdapterLookup } from '../../adapters/shared/adapter-registry';
import type { PortsByKind, SourceKind } from '../../adapters/shared/source-adapter';
import type { FetchFn } from '../ports/fetch';
import { resolveSecret, type EnvLookup } from '../../config/parse-config';
import type { Clock } from '../ports/clock';
import type { Store } from '../ports/store';

export interface SourcePortDeps {
  env: EnvLookup;
  fetch: FetchFn;
  /** The fetch of one source (circuit breaker, bulkhead, metrics); `fetch` when absent. */
  fetchFor?: (sourceId: string) => FetchFn;
  clock: Clock;
  /** Handed to adapters for state they share across instances (a rotated refresh token). */
  store: Store;
}

/**
 * The port of `config.sources[index]`, built by the adapter its `adapter` field names in its
 * kind's registry. Secrets resolve from the environment with their path (`sources[3].clientSecret`).
 */
export function buildSourcePort<Kind extends SourceKind>(
  registry: AdapterLookup<Kind>,
  source: { id: string; kind: Kind; adapter: string },
  index: number,
  deps: SourcePortDeps,
): PortsByKind[Kind] {
  return registry.adapterFor(source).create(source, {
    fetch: deps.fetchFor?.(source.id) ?? deps.fetch,
    clock: deps.clock,
    store: deps.store,
    secret: (ref, field) => resolveSecret(ref, deps.env, `sources[${index}].${field}`),
  });
}
