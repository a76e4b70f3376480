import type { AdapterLookup } from '../../adapters/shared/adapter-registry';
import { SecretValueError } from '../../adapters/shared/secret-value-error';
import type { PortsByKind, SourceKind } from '../../adapters/shared/source-adapter';
import type { FetchFn } from '../ports/fetch';
import { ConfigError, resolveSecret, type EnvLookup } from '../../config/parse-config';
import type { SecretRef } from '../../config/schema-parts';
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
  /**
   * Reads a secret at its config path. Default: from `env`, throwing at the first unset one;
   * the config check passes a collecting resolver (ConfigProblems.secret) instead.
   */
  resolveSecret?: (ref: SecretRef, usedAt: string) => string;
}

/** An adapter's refusal as a ConfigError naming the source, and for an unusable secret its field and variable. */
function sourceConfigError(error: unknown, path: string, sourceId: string, variables: ReadonlyMap<string, string>): ConfigError {
  if (error instanceof SecretValueError) {
    const variable = variables.get(error.field);
    return ConfigError.of([{ path: `${path}.${error.field}`, message: `(source ${sourceId}${variable ? `, ${variable}` : ''}) ${error.message}` }]);
  }
  return ConfigError.of([{ path, message: `(source ${sourceId}) ${error instanceof Error ? error.message : String(error)}` }]);
}

/**
 * The port of `config.sources[index]`, built by the adapter its `adapter` field names in its
 * kind's registry. Secrets resolve from the environment with their path (`sources[3].clientSecret`);
 * whatever the adapter refuses becomes a ConfigError naming the source.
 */
export function buildSourcePort<Kind extends SourceKind>(
  registry: AdapterLookup<Kind>,
  source: { id: string; kind: Kind; adapter: string },
  index: number,
  deps: SourcePortDeps,
): PortsByKind[Kind] {
  const path = `sources[${index}]`;
  const resolve = deps.resolveSecret ?? ((ref: SecretRef, usedAt: string) => resolveSecret(ref, deps.env, usedAt));
  const variables = new Map<string, string>();
  try {
    return registry.adapterFor(source).create(source, {
      fetch: deps.fetchFor?.(source.id) ?? deps.fetch,
      clock: deps.clock,
      store: deps.store,
      secret: (ref, field) => {
        variables.set(field, ref.env);
        return resolve(ref, `${path}.${field}`);
      },
    });
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw sourceConfigError(error, path, source.id, variables);
  }
}
