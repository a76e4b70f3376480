import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayConfig, ResilienceConfig } from '../../config/schema';
import { encodeGlobalId } from '../../src/domain/global-id';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { parsePrometheusText } from '../helpers/prometheus-text';

/**
 * Upstream faults end to end: gateway -> fault proxy (slow, failing, garbage, resetting) -> the
 * sandbox FHIR server, all over real HTTP on loopback. Each fault has its typed error; cached
 * records are served STALE within the source timeout; the breaker opens and recovers.
 */
const TIMEOUT_MS = 600;
let simulators: SandboxSimulators;
let proxy: FaultProxy;
let patientIds: string[] = [];
const gateways: TestGateway[] = [];

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  proxy = await startFaultProxy(simulators.urls['fhir'] as string);
  const bundle = (await (await fetch(`${simulators.urls['fhir']}/Patient?_count=20`)).json()) as { entry: { resource: { id: string } }[] };
  patientIds = bundle.entry.map((entry) => entry.resource.id);
});
afterAll(async () => {
  for (const gateway of gateways) await gateway.close();
  await proxy?.close();
  await simulators?.close();
});

const startGateway = async (breaker: Partial<ResilienceConfig['circuitBreaker']> = {}) => {
  const resilience: ResilienceConfig = {
    maxConcurrent: 8,
    maxQueue: 8,
    circuitBreaker: { failureRate: 0.5, windowSize: 1000, minimumCalls: 1000, halfOpenAfterMs: 10_000, ...breaker },
  };
  const gateway = await startTestGateway({
    simulators: { ...simulators, urls: { ...simulators.urls, fhir: proxy.url } },
    adjustConfig: (config: GatewayConfig) => ({
      ...config,
      sources: config.sources.map((source) =>
        source.id === 'sandbox-ehr' ? { ...source, timeoutMs: TIMEOUT_MS, cache: { ttlSeconds: 1, staleSeconds: 300 }, resilience } : source,
      ),
    }),
  });
  gateways.push(gateway);
  return gateway;
};

interface PatientAnswer {
  patient: { id: string; name: { family: string }[]; freshness: { state: string; ageSeconds: number; reason: string | null } } | null;
}
const PATIENT = `query Patient($id: ID!) { patient(id: $id) { id name { family } freshness { state ageSeconds reason } } }`;
let next = 0;
/** A patient no earlier test has cached. */
const unusedPatient = () => encodeGlobalId({ type: 'Patient', sourceId: 'sandbox-ehr', localId: patientIds[next++] as string });

const timed = async <T>(run: () => Promise<T>) => {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
};

const errorOf = (body: { errors?: { message: string; extensions?: Record<string, unknown> }[] }) => {
  expect(body.errors).toHaveLength(1);
  return body.errors?.[0] as { message: string; extensions: Record<string, unknown> };
};

describe('upstream faults, each with its typed error', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startGateway();
  });

  it('slow upstream: UPSTREAM_TIMEOUT within the source timeout (retries share the one deadline)', async () => {
    proxy.set({ kind: 'delay', ms: 3000 });
    proxy.resetHits();
    const { result, ms } = await timed(() => gateway.graphql<PatientAnswer>(PATIENT, { variables: { id: unusedPatient() } }));
    expect(errorOf(result.body).extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', retryable: true });
    // The first attempt used up the one deadline, so no retry was sent (hits, not milliseconds,
    // prove it); retries with their own deadlines would take at least three timeouts.
    expect(proxy.hits).toBe(1);
    expect(ms).toBeLessThan(TIMEOUT_MS * 3);
  });

  it('failing upstream (503): UPSTREAM_UNAVAILABLE after the idempotent retries', async () => {
    proxy.set({ kind: 'status', status: 503 });
    proxy.resetHits();
    const { body } = await gateway.graphql<PatientAnswer>(PATIENT, { variables: { id: unusedPatient() } });
    const error = errorOf(body);
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true, details: { sourceId: 'sandbox-ehr', upstreamStatus: 503 } });
    expect(proxy.hits).toBe(3);
  });

  it('garbage-returning upstream: UPSTREAM_INVALID, and the body is not echoed', async () => {
    proxy.set({ kind: 'garbage' });
    const { body } = await gateway.graphql<PatientAnswer>(PATIENT, { variables: { id: unusedPatient() } });
    const error = errorOf(body);
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_INVALID', retryable: false });
    expect(JSON.stringify(body)).not.toContain('confused proxy');
  });

  it('connection-resetting upstream: UPSTREAM_UNAVAILABLE', async () => {
    proxy.set({ kind: 'reset' });
    const { body } = await gateway.graphql<PatientAnswer>(PATIENT, { variables: { id: unusedPatient() } });
    expect(errorOf(body).extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true, details: { sourceId: 'sandbox-ehr' } });
  });
});

describe('stale-if-error for EHR records', () => {
  it('serves the cached record as STALE, with its age and the reason, within the timeout when the EHR is down or slow', async () => {
    const gateway = await startGateway();
    proxy.set({ kind: 'pass' });
    const id = unusedPatient();
    const first = await gateway.graphql<PatientAnswer>(PATIENT, { variables: { id } });
    expect(first.body.data?.patient?.freshness).toEqual({ state: 'FRESH', ageSeconds: 0, reason: null });
    const cached = await gateway.graphql<PatientAnswer>(PATIENT, { variables: { id } });
    expect(cached.body.data?.patient?.freshness.state).toBe('CACHED');
    await new Promise((resolve) => setTimeout(resolve, 1100)); // past the 1 s TTL

    proxy.set({ kind: 'reset' });
    const down = await timed(() => gateway.graphql<PatientAnswer>(PATIENT, { variables: { id } }));
    expect(down.result.body.errors).toBeUndefined();
    expect(down.result.body.data?.patient?.name).toEqual(first.body.data?.patient?.name);
    expect(down.result.body.data?.patient?.freshness).toMatchObject({ state: 'STALE', reason: 'UPSTREAM_UNAVAILABLE' });
    expect(down.result.body.data?.patient?.freshness.ageSeconds).toBeGreaterThanOrEqual(1);
    expect(down.ms).toBeLessThan(TIMEOUT_MS);

    proxy.set({ kind: 'delay', ms: 5000 });
    const slow = await timed(() => gateway.graphql<PatientAnswer>(PATIENT, { variables: { id } }));
    expect(slow.result.body.data?.patient?.freshness).toMatchObject({ state: 'STALE', reason: 'UPSTREAM_TIMEOUT' });
    expect(slow.ms).toBeLessThan(TIMEOUT_MS * 3); // one shared deadline, not one per retry
  });
});

describe('circuit breaker', () => {
  it('opens after repeated failures (shown in /readyz and /metrics), refuses without calling the EHR, and recovers after the cooldown', async () => {
    // A cooldown long enough that a busy machine cannot reach half-open before the refusal is checked.
    const gateway = await startGateway({ windowSize: 4, minimumCalls: 4, halfOpenAfterMs: 2000 });
    proxy.set({ kind: 'status', status: 503 });
    // Two reads, three attempts each (idempotent retries): six failures, the circuit opens.
    for (let i = 0; i < 2; i++) await gateway.graphql<PatientAnswer>(PATIENT, { variables: { id: unusedPatient() } });
    const readiness = (await (await fetch(`${gateway.url}/readyz`)).json()) as { status: string; circuits: Record<string, string> };
    expect(readiness.circuits['sandbox-ehr']).toBe('open');
    expect(readiness.status).toBe('degraded');
    const metrics = parsePrometheusText(await (await fetch(`${gateway.url}/metrics`)).text());
    expect(metrics.value('caregate_circuit_state', { source: 'sandbox-ehr', state: 'open' })).toBe(1);
    expect(metrics.value('caregate_circuit_transitions_total', { source: 'sandbox-ehr', state: 'open' })).toBe(1);

    proxy.resetHits();
    const refused = await timed(() => gateway.graphql<PatientAnswer>(PATIENT, { variables: { id: unusedPatient() } }));
    expect(errorOf(refused.result.body).extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true, details: { reason: 'circuit-open' } });
    expect(proxy.hits).toBe(0);
    expect(refused.ms).toBeLessThan(200);

    proxy.set({ kind: 'pass' });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const recovered = await gateway.graphql<PatientAnswer>(PATIENT, { variables: { id: unusedPatient() } });
    expect(recovered.body.errors).toBeUndefined();
    expect(recovered.body.data?.patient?.freshness.state).toBe('FRESH');
    const after = (await (await fetch(`${gateway.url}/readyz`)).json()) as { status: string; circuits: Record<string, string> };
    expect(after.circuits['sandbox-ehr']).toBe('closed');
    expect(after.status).toBe('ready');
    const logs = gateway.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logs.filter((line) => String(line['msg']).startsWith('circuit breaker')).map((line) => line['state'])).toEqual(['open', 'half-open', 'closed']);
  });
});
