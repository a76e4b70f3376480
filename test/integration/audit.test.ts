import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeGlobalId } from '../../src/domain/global-id';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/** Every PHI read writes one audit event with ids only; no audit trail, no PHI. */
let simulators: SandboxSimulators;
let gateway: TestGateway;
let failing: TestGateway;
let sinkCalls = 0;

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  [gateway, failing] = await Promise.all([
    startTestGateway({ simulators }),
    startTestGateway({
      simulators,
      auditSink: {
        write: async () => {
          sinkCalls++;
          throw new Error('audit store down');
        },
      },
    }),
  ]);
});
afterAll(async () => {
  await gateway?.close();
  await failing?.close();
  await simulators?.close();
});

interface PatientNode {
  id: string;
  birthDate: string;
  name: { family: string; given: string[] }[];
  identifiers: { value: string }[];
  coverages: { id: string; memberId: string | null }[];
  appointments: { id: string }[];
}

const SEARCH = `query FindPatient { patients(search: { family: "Jast432" }) { edges { node {
  id birthDate name { family given } identifiers { value } coverages { id memberId } appointments { id } } } } }`;

describe('audit events for PHI reads', () => {
  it('records who read which records, by gateway id, for each read, and never the PHI itself', async () => {
    gateway.audit.length = 0;
    const { body } = await gateway.graphql<{ patients: { edges: { node: PatientNode }[] } }>(SEARCH, { operationName: 'FindPatient' });
    const patient = body.data!.patients.edges[0]!.node;
    await gateway.graphql('query ReadOne($id: ID!) { patient(id: $id) { birthDate } }', { variables: { id: patient.id }, operationName: 'ReadOne' });

    const byType = (type: string) => gateway.audit.filter((event) => event.resourceType === type);
    expect(byType('Patient').map((event) => [event.action, event.operationName])).toEqual([
      ['search', 'FindPatient'],
      ['read', 'ReadOne'],
    ]);
    expect(byType('Patient').every((event) => event.resourceIds.includes(patient.id))).toBe(true);
    expect(byType('Coverage').flatMap((event) => event.resourceIds)).toEqual(expect.arrayContaining(patient.coverages.map((c) => c.id)));
    expect(byType('Appointment').flatMap((event) => event.resourceIds)).toEqual(expect.arrayContaining(patient.appointments.map((a) => a.id)));

    for (const event of gateway.audit) {
      expect(event).toMatchObject({ partnerId: 'sandbox-internal', sourceId: 'sandbox-ehr', outcome: 'success' });
      expect(Number.isNaN(Date.parse(event.time))).toBe(false);
      expect(event.requestId.length).toBeGreaterThanOrEqual(8);
      for (const id of event.resourceIds) expect(decodeGlobalId(id).type).toBe(event.resourceType);
    }
    const phi = [patient.birthDate, ...patient.name.flatMap((n) => [n.family, ...n.given]), ...patient.identifiers.map((i) => i.value), ...patient.coverages.map((c) => c.memberId ?? '')].filter(
      (value) => value.length >= 4,
    );
    expect(phi.length).toBeGreaterThan(3);
    const written = JSON.stringify(gateway.audit);
    expect(phi.filter((value) => written.includes(value))).toEqual([]);
  });

  it('writes nothing for a request that reads no PHI', async () => {
    gateway.audit.length = 0;
    await gateway.graphql('{ viewer { id } }');
    expect(gateway.audit).toEqual([]);
  });
});

describe('a failing audit sink', () => {
  it('fails the PHI read: no data, a retryable error, nothing of the patient in the answer', async () => {
    const before = sinkCalls;
    const { body } = await failing.graphql<{ patients: unknown }>(SEARCH);
    expect(sinkCalls).toBeGreaterThan(before);
    expect(body.data ?? null).toBeNull();
    const errors = body.errors ?? [];
    expect(errors[0]?.extensions).toMatchObject({ code: 'INTERNAL', retryable: true });
    expect(JSON.stringify(body)).not.toMatch(/Jast432/);
    expect(failing.logs.some((line) => line.includes('audit write failed'))).toBe(true);
  });

  it('leaves requests that read no PHI working', async () => {
    const { body } = await failing.graphql('{ viewer { id } }');
    expect(body).toEqual({ data: { viewer: { id: 'sandbox-internal' } } });
  });
});
