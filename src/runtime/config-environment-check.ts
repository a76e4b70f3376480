import { ehrAdapters } from '../../adapters/ehr/registry';
import { eligibilityAdapters } from '../../adapters/eligibility/registry';
import { rideAdapters } from '../../adapters/rides/registry';
import { createMemoryStore } from '../../adapters/state/memory';
import type { ConfigProblems, EnvLookup } from '../../config/parse-config';
import type { GatewayConfig } from '../../config/schema';
import { createGatewayKeyRing } from '../auth/gateway-signing-keys';
import type { Clock } from '../ports/clock';
import type { FetchFn } from '../ports/fetch';
import { buildSourcePort, type SourcePortDeps } from './build-source-port';
import { readGatewaySigningJwks } from './gateway-keys-from-config';

export interface ConfigEnvironmentDeps {
  /** Where `{"env": NAME}` secrets are read (process env; on Workers, string bindings). */
  env: EnvLookup;
  clock: Clock;
}

/** Building a port must not call anyone; if an adapter tried, the check says so instead of calling out. */
const noUpstreamCalls: FetchFn = () => Promise.reject(new Error('the config check makes no upstream calls'));

function checkSource(config: GatewayConfig, index: number, deps: SourcePortDeps): void {
  const source = config.sources[index];
  if (source?.kind === 'ehr') buildSourcePort(ehrAdapters, source, index, deps);
  else if (source?.kind === 'eligibility') buildSourcePort(eligibilityAdapters, source, index, deps);
  else if (source?.kind === 'rides') buildSourcePort(rideAdapters, source, index, deps);
}

/**
 * Every problem a parsed config has with its environment, added to `problems` at once: each
 * unset secret with its field path, each unusable key (gateway signing keys that are not ES256,
 * a SMART key of the wrong algorithm) with its source and variable, and whatever else an adapter
 * refuses when its port is built. Ports are built exactly as at start-up (the same registries and
 * `secret(ref, field)`), then dropped; nothing is called.
 */
export async function checkConfigEnvironment(config: GatewayConfig, deps: ConfigEnvironmentDeps, problems: ConfigProblems): Promise<void> {
  if (config.keyHashSecret) problems.secret(config.keyHashSecret, 'keyHashSecret', deps.env);
  if (config.metricsToken) problems.secret(config.metricsToken, 'metricsToken', deps.env);
  const before = problems.list.length;
  const signingKeys = readGatewaySigningJwks(config, deps.env, problems);
  // The ring also imports each key (a JWK with broken coordinates fails only there).
  if (problems.list.length === before) await createGatewayKeyRing(signingKeys).catch((error: unknown) => problems.add('signingKeys', error instanceof Error ? error.message : String(error)));

  // A throwaway memory Store: building a port reads no state, and the check must not touch the real one.
  const sourceDeps: SourcePortDeps = { env: deps.env, fetch: noUpstreamCalls, clock: deps.clock, store: createMemoryStore({ clock: deps.clock }), resolveSecret: (ref, usedAt) => problems.secret(ref, usedAt, deps.env) };
  config.sources.forEach((_source, index) => {
    try {
      checkSource(config, index, sourceDeps);
    } catch (error) {
      // An adapter handed the '' of an unset secret fails on it: that is the unset secret again.
      if (!problems.missingUnder(`sources[${index}].`)) problems.absorb(error);
    }
  });
}
