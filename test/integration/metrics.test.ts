import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxScenarioMembers } from '../../adapters/eligibility/sandbox-members';
import type { GatewayConfig } from '../../config/schema';
import { encodeGlobalId } from '../../src/domain/global-id';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { parsePrometheusText, type Exposition } from '../helpers/prometheus-text';

/** /metrics parses as Prometheus text and moves as the gateway works; upstream calls are logged without URLs. */
let simulators: SandboxSimulators;
let gateway: TestGateway;
let patientId: string;

const SCRAPE_TOKEN = 'scrape-secret-for-tests';

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  gateway = await startTestGateway({
    simulators,
    env: { METRICS_TOKEN: SCRAPE_TOKEN },
    adjustConfig: (config: GatewayConfig) => ({
      ...config,
      metricsToken: { env: 'METRICS_TOKEN' },
      // sandbox-payer gets one request per long while: its second request is rate limited.
      partners: config.partners.map((partner) => (partner.id === 'sandbox-payer' ? { ...partner, rateLimit: { perSecond: 0.001, burst: 1 } } : partner)),
    }),
  });
  const bundle = (await (await fetch(`${simulators.urls['fhir']}/Patient?_count=1`)).json()) as { entry: { resource: { id: string } }[] };
  patientId = encodeGlobalId({ type: 'Patient', sourceId: 'sandbox-ehr', localId: bundle.entry[0]?.resource.id as string });
});
afterAll(async () => {
  await gateway?.close();
  await simulators?.close();
});

const scrape = async (): Promise<Exposition> => {
  const response = await fetch(`${gateway.url}/metrics`, { headers: { authorization: `Bearer ${SCRAPE_TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
  return parsePrometheusText(await response.text());
};

const PATIENT = `query PatientCard($id: ID!) { patient(id: $id) { id name { family } } }`;

describe('/metrics', () => {
  it('needs the scrape token when one is configured', async () => {
    expect((await fetch(`${gateway.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${gateway.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it('declares every family, with the breaker of each source closed from the start', async () => {
    const before = await scrape();
    for (const family of [
      'caregate_graphql_requests_total',
      'caregate_graphql_request_duration_seconds',
      'caregate_upstream_requests_total',
      'caregate_upstream_request_duration_seconds',
      'caregate_cache_events_total',
      'caregate_circuit_state',
      'caregate_rate_limited_total',
      'caregate_state_backend_up',
      'process_resident_memory_bytes',
    ]) {
      expect(before.types.has(family), family).toBe(true);
    }
    for (const source of ['sandbox-ehr', 'sandbox-x12', 'sandbox-clearinghouse']) {
      expect(before.value('caregate_circuit_state', { source, state: 'closed' })).toBe(1);
    }
    expect(before.value('caregate_state_backend_up')).toBe(1);
    expect(before.value('process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
  });

  it('counts requests by partner/operation/outcome, latency, cache hits and misses, upstream calls, errors and rate limiting', async () => {
    const before = await scrape();
    const ok = { partner: 'sandbox-internal', operation: 'PatientCard', outcome: 'ok' };

    expect((await gateway.graphql(PATIENT, { variables: { id: patientId } })).body.errors).toBeUndefined(); // miss -> upstream
    expect((await gateway.graphql(PATIENT, { variables: { id: patientId } })).body.errors).toBeUndefined(); // hit
    await gateway.graphql(`query Check($input: EligibilityInput!) { eligibility(input: $input) { status } }`, {
      variables: { input: { payerId: 'SANDBOX-PAYER-1', subscriber: { memberId: sandboxScenarioMembers.activePpo }, dateOfService: '2030-01-15' } },
    });
    await gateway.graphql(`query Broken { patient(id: "not-a-global-id") { id } }`);
    const anonymous = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ viewer { id } }"}' });
    expect(anonymous.status).toBe(401);
    const payer = { partner: 'sandbox-payer' };
    await gateway.graphql(`query Me { viewer { id } }`, payer);
    expect((await gateway.graphql(`query Me { viewer { id } }`, payer)).status).toBe(429);

    const after = await scrape();
    const delta = (name: string, match: Record<string, string> = {}) => after.value(name, match) - before.value(name, match);
    expect(delta('caregate_graphql_requests_total', ok)).toBe(2);
    expect(delta('caregate_graphql_request_duration_seconds_count', { partner: 'sandbox-internal', operation: 'PatientCard' })).toBe(2);
    expect(delta('caregate_graphql_request_duration_seconds_sum', { partner: 'sandbox-internal', operation: 'PatientCard' })).toBeGreaterThan(0);
    expect(delta('caregate_graphql_requests_total', { partner: 'sandbox-internal', operation: 'Check', outcome: 'ok' })).toBe(1);
    expect(delta('caregate_graphql_requests_total', { partner: 'sandbox-internal', operation: 'Broken', outcome: 'error' })).toBe(1);
    expect(delta('caregate_graphql_errors_total', { code: 'BAD_INPUT' })).toBe(1);
    expect(delta('caregate_graphql_requests_total', { partner: 'unauthenticated', outcome: 'unauthenticated' })).toBe(1);
    expect(delta('caregate_graphql_requests_total', { partner: 'sandbox-payer', outcome: 'ok' })).toBe(1);
    expect(delta('caregate_graphql_requests_total', { outcome: 'rate_limited' })).toBe(1);
    expect(delta('caregate_rate_limited_total', { partner: 'sandbox-payer' })).toBe(1);
    expect(delta('caregate_cache_events_total', { cache: 'ehr', event: 'miss' })).toBe(1);
    expect(delta('caregate_cache_events_total', { cache: 'ehr', event: 'hit' })).toBe(1);
    expect(delta('caregate_cache_events_total', { cache: 'elig', event: 'miss' })).toBe(1);
    expect(delta('caregate_upstream_requests_total', { source: 'sandbox-ehr', outcome: '2xx' })).toBe(1);
    expect(delta('caregate_upstream_requests_total', { source: 'sandbox-x12', outcome: '2xx' })).toBeGreaterThanOrEqual(1);
    expect(delta('caregate_upstream_request_duration_seconds_count', { source: 'sandbox-ehr' })).toBe(1);
  });

  it('logs each upstream call with source, status and duration, never a URL', () => {
    const calls = gateway.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['msg'] === 'upstream call');
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call).toMatchObject({ level: 'info', sourceId: expect.any(String), method: expect.any(String), status: expect.any(Number), durationMs: expect.any(Number) });
      expect(JSON.stringify(call)).not.toMatch(/https?:|\?_id|Patient\?/);
    }
  });
});
