import { expect } from 'vitest';
import type { Resource } from '@medplum/fhirtypes';
import type { FhirAuthConfig } from '../../adapters/ehr/fhir-r4/auth/upstream-auth';
import type { FhirRequestEvent } from '../../adapters/ehr/fhir-r4/fhir-client';
import { createFhirR4Adapter, type FhirR4AdapterOptions } from '../../adapters/ehr/fhir-r4/fhir-r4-adapter';
import { readSandboxResources, startFhirSimulator, type StartedFhirSimulator } from '../../adapters/ehr/fhir-r4/simulator';
import type { FhirSimulatorOptions } from '../../adapters/ehr/fhir-r4/simulator/fhir-simulator';
import { GatewayError, type ErrorCode } from '../../src/domain/errors';
import type { EhrPort } from '../../src/ports/ehr-port';

/** Test support for the FHIR R4 adapter suites: the adapter against its simulator over loopback HTTP. */

export const sandboxIds = (type: Resource['resourceType']): string[] =>
  readSandboxResources()
    .filter((resource) => resource.resourceType === type)
    .map((resource) => resource.id ?? '');

export interface AdapterFixture {
  sim: StartedFhirSimulator;
  adapter: EhrPort;
  /** Every wait the adapter asked for (Retry-After, backoff); no real waiting happens. */
  waits: number[];
  events: FhirRequestEvent[];
  makeAdapter(overrides?: Partial<FhirR4AdapterOptions>): EhrPort;
}

export async function startAdapterFixture(
  options: { simulator?: FhirSimulatorOptions; auth?: FhirAuthConfig; adapter?: Partial<FhirR4AdapterOptions> } = {},
): Promise<AdapterFixture> {
  const sim = await startFhirSimulator(options.simulator);
  const waits: number[] = [];
  const events: FhirRequestEvent[] = [];
  const makeAdapter = (overrides: Partial<FhirR4AdapterOptions> = {}) =>
    createFhirR4Adapter({
      sourceId: 'test-ehr',
      baseUrl: sim.url,
      fetch: (input, init) => fetch(input, init),
      clock: { now: () => Date.now() },
      auth: options.auth ?? { type: 'none' },
      timeoutMs: 2000,
      sleep: async (ms) => void waits.push(ms),
      onRequest: (event) => events.push(event),
      ...options.adapter,
      ...overrides,
    });
  return { sim, adapter: makeAdapter(), waits, events, makeAdapter };
}

export async function expectGatewayError(promise: Promise<unknown>, code: ErrorCode): Promise<GatewayError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, `expected GatewayError ${code}`).toBeInstanceOf(GatewayError);
  const gatewayError = error as GatewayError;
  expect(gatewayError.code).toBe(code);
  return gatewayError;
}
