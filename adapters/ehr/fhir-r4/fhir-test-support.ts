import { expect } from 'vitest';
import type { Resource } from '@medplum/fhirtypes';
import { GatewayError, type ErrorCode } from '../../../src/domain/errors';
import type { EhrPort } from '../../../src/ports/ehr-port';
import type { FhirAuthConfig } from './auth/upstream-auth';
import { createFhirR4Adapter, type FhirR4AdapterOptions } from './fhir-r4-adapter';
import type { FhirRequestEvent } from './fhir-client';
import { readSandboxResources, startFhirSimulator, type StartedFhirSimulator } from './simulator';
import type { FhirSimulatorOptions } from './simulator/fhir-simulator';

/** Test-only helpers shared by the adapter suites (not exported from the adapter's index). */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export const createTestClock = (start = Date.parse('2025-06-01T12:00:00Z')): TestClock => {
  let current = start;
  return { now: () => current, advance: (ms) => void (current += ms) };
};

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
