import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxNemtScenarioMembers } from '../../adapters/eligibility/sandbox-nemt-members';
import { sandboxSimulator as x12CoreSandbox } from '../../adapters/eligibility/x12-core/sandbox';
import { encodeGlobalId } from '../../src/domain/global-id';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { parsePrometheusText } from '../helpers/prometheus-text';
import { addAppointment, appointmentGid, futureIso, LIVING_PATIENT, OTHER_LIVING_PATIENT, SANDBOX_BOOKED_APPOINTMENT } from '../helpers/rides';

/**
 * The transportation benefit (service type 56) and the benefit gate on booking, through the real
 * gateway over HTTP against the sandbox simulators: each NEMT member on both payers (X12 over
 * CORE, clearinghouse JSON); sandbox-rides (`rideBenefitCheck: required`) refused for the
 * not-covered patient, sandbox-internal (`advisory`) booked with the verdict recorded.
 */
let simulators: SandboxSimulators;
let gateway: TestGateway;

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  gateway = await startTestGateway({ simulators });
});
afterAll(async () => {
  await gateway?.close();
  await simulators?.close();
});

/** Sandbox 2030-01-15 appointments of the NEMT patients (Coverage.derived.ndjson, SOURCES.md). */
const NOT_COVERED_PATIENT_APPOINTMENT = '366139a1-7efc-ee0a-bcac-04142dedb250'; // Schumm995, MNEMT0002 at SANDBOX-PAYER-2
const SILENT_PAYER_PATIENT_APPOINTMENT = 'b6d66d9a-f10c-a232-2210-d3f0cb7736a7'; // Emmerich580, MNEMT0004 at SANDBOX-PAYER-2

const TRANSPORTATION = `query($input: EligibilityInput!) { eligibility(input: $input) {
  status transportation { status authorizationRequired copay { amountMinor currency } messages benefitCodes serviceTypeCodes
    tripsAllowed { count unit { code } period { code name } } tripsRemaining { count unit { code } period { code } } } } }`;

interface TransportationView {
  status: string;
  authorizationRequired: boolean | null;
  copay: { amountMinor: number; currency: string } | null;
  messages: string[];
  benefitCodes: string[];
  serviceTypeCodes: string[];
  tripsAllowed: { count: number; unit: { code: string }; period: { code: string; name: string | null } | null } | null;
  tripsRemaining: { count: number; unit: { code: string }; period: { code: string } | null } | null;
}

const transportation = async (payerId: string, memberId: string) => {
  const { body } = await gateway.graphql<{ eligibility: { status: string; transportation: TransportationView } }>(TRANSPORTATION, {
    variables: { input: { payerId, subscriber: { memberId, firstName: 'Riley', lastName: 'Sandbox', birthDate: '1970-01-01' } } },
  });
  expect(body.errors).toBeUndefined();
  return body.data?.eligibility.transportation;
};

const SCHEDULE = `mutation($input: ScheduleRideInput!) { scheduleRide(input: $input) { id status benefitCheck { mode status checkedAt payerId reason } } }`;
interface ScheduledView {
  id: string;
  benefitCheck: { mode: string; status: string; checkedAt: string; payerId: string | null; reason: string | null } | null;
}
const schedule = (appointmentLocalId: string, partner: string) =>
  gateway.graphql<{ scheduleRide: ScheduledView }>(SCHEDULE, {
    partner,
    variables: { input: { appointmentId: appointmentGid(appointmentLocalId), idempotencyKey: `benefit-${partner}-${appointmentLocalId}`, rideSource: 'sandbox-lyft' } },
  });

describe('transportation benefit via GraphQL', () => {
  it.each(['SANDBOX-PAYER-1', 'SANDBOX-PAYER-2'])('%s: each NEMT member gives its status', async (payerId) => {
    expect(await transportation(payerId, sandboxNemtScenarioMembers.covered)).toEqual({
      status: 'COVERED',
      authorizationRequired: false,
      copay: { amountMinor: 200, currency: 'USD' },
      messages: ['ONE-WAY TRIPS TO COVERED MEDICAL APPOINTMENTS'],
      benefitCodes: ['1', 'F', 'B'],
      serviceTypeCodes: ['56'],
      tripsAllowed: { count: 12, unit: { code: 'VS' }, period: { code: '23', name: 'Calendar Year' } },
      tripsRemaining: { count: 10, unit: { code: 'VS' }, period: { code: '23' } },
    });
    expect(await transportation(payerId, sandboxNemtScenarioMembers.notCovered)).toMatchObject({ status: 'NOT_COVERED', benefitCodes: ['I'] });
    expect(await transportation(payerId, sandboxNemtScenarioMembers.authorizationRequired)).toMatchObject({ status: 'COVERED', authorizationRequired: true });
    expect(await transportation(payerId, sandboxNemtScenarioMembers.silent)).toMatchObject({ status: 'UNKNOWN', benefitCodes: [], tripsAllowed: null });
  });

  it('asks the payer for 56 when transportation is selected, and only then', async () => {
    const x12 = simulators.of(x12CoreSandbox);
    await transportation('SANDBOX-PAYER-1', sandboxNemtScenarioMembers.covered);
    expect(x12.last270).toMatch(/~EQ\*30\^56~/);
    await gateway.graphql(`query($input: EligibilityInput!) { eligibility(input: $input) { status } }`, {
      variables: { input: { payerId: 'SANDBOX-PAYER-1', subscriber: { memberId: sandboxNemtScenarioMembers.silent, firstName: 'Riley', lastName: 'Sandbox', birthDate: '1970-01-01' } } },
    });
    expect(x12.last270).toMatch(/~EQ\*30~/);
  });

  it("Coverage.eligibility reads a sandbox patient's NEMT coverage", async () => {
    const { body } = await gateway.graphql<{ patient: { coverages: { memberId: string; eligibility: { transportation: { status: string; tripsRemaining: { count: number } } } }[] } }>(
      `query($id: ID!) { patient(id: $id) { coverages { memberId eligibility { transportation { status tripsRemaining { count } } } } } }`,
      { variables: { id: encodeGlobalId({ type: 'Patient', sourceId: 'sandbox-ehr', localId: LIVING_PATIENT }) } },
    );
    expect(body.errors).toBeUndefined();
    const nemt = body.data?.patient.coverages.find((coverage) => coverage.memberId === sandboxNemtScenarioMembers.covered);
    expect(nemt?.eligibility.transportation).toEqual({ status: 'COVERED', tripsRemaining: { count: 10 } });
  });
});

describe('benefit gate on scheduleRide', () => {
  it('sandbox-rides (required) is refused BENEFIT_NOT_COVERED for the MNEMT0002 patient, naming only the verdict', async () => {
    const auditBefore = gateway.audit.length;
    const { body } = await schedule(NOT_COVERED_PATIENT_APPOINTMENT, 'sandbox-rides');
    expect(body.data?.scheduleRide ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'BENEFIT_NOT_COVERED',
      retryable: false,
      details: { field: 'appointmentId', benefitStatus: 'NOT_COVERED', payerId: 'SANDBOX-PAYER-2' },
    });
    expect(JSON.stringify(body)).not.toContain(sandboxNemtScenarioMembers.notCovered);
    const events = gateway.audit.slice(auditBefore).filter((event) => event.action === 'ride-benefit-check');
    expect(events.map((event) => [event.partnerId, event.outcome, event.resourceIds])).toEqual([['sandbox-rides', 'denied', [appointmentGid(NOT_COVERED_PATIENT_APPOINTMENT)]]]);
  });

  it('sandbox-rides (required) is refused BENEFIT_UNKNOWN when the payer is silent on 56', async () => {
    const { body } = await schedule(SILENT_PAYER_PATIENT_APPOINTMENT, 'sandbox-rides');
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BENEFIT_UNKNOWN', retryable: false, details: { benefitStatus: 'UNKNOWN', benefitReason: 'PAYER_SILENT_ON_TRANSPORTATION' } });
  });

  it("sandbox-internal (advisory) books the same patient's ride and records the check", async () => {
    const { body } = await schedule(NOT_COVERED_PATIENT_APPOINTMENT, 'sandbox-internal');
    expect(body.errors).toBeUndefined();
    const check = body.data?.scheduleRide.benefitCheck;
    expect(check).toMatchObject({ mode: 'ADVISORY', status: 'NOT_COVERED', payerId: 'SANDBOX-PAYER-2', reason: null });
    expect(Date.parse(check?.checkedAt ?? '')).not.toBeNaN();
    // Stored with the ride: a later read shows the same verdict.
    const { body: read } = await gateway.graphql<{ ride: ScheduledView }>(`query($id: ID!) { ride(id: $id) { id benefitCheck { mode status payerId } } }`, {
      variables: { id: body.data?.scheduleRide.id },
    });
    expect(read.data?.ride.benefitCheck).toEqual({ mode: 'ADVISORY', status: 'NOT_COVERED', payerId: 'SANDBOX-PAYER-2' });
    const metrics = parsePrometheusText(gateway.container.metrics.registry.render());
    expect(metrics.value('caregate_ride_benefit_checks_total', { mode: 'advisory', status: 'NOT_COVERED' })).toBe(1);
    expect(metrics.value('caregate_ride_benefit_checks_total', { mode: 'required', status: 'NOT_COVERED' })).toBe(1);
  });

  it('sandbox-rides (required) books a covered patient, the verdict shown without member id or benefit details', async () => {
    const { body } = await schedule(SANDBOX_BOOKED_APPOINTMENT, 'sandbox-rides');
    expect(body.errors).toBeUndefined();
    expect(body.data?.scheduleRide.benefitCheck).toMatchObject({ mode: 'REQUIRED', status: 'COVERED', payerId: 'SANDBOX-PAYER-1', reason: null });
    expect(JSON.stringify(body)).not.toContain(sandboxNemtScenarioMembers.covered);
  });

  it('a payer that cannot answer now fails the booking retryably instead of refusing it; once it answers, MNEMT0003 books', async () => {
    const appointment = await addAppointment(simulators, { start: futureIso(3), patientId: OTHER_LIVING_PATIENT });
    const x12 = simulators.of(x12CoreSandbox);
    x12.faults.unavailable = 'http503';
    try {
      const { body } = await schedule(appointment, 'sandbox-rides');
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    } finally {
      x12.faults.unavailable = undefined;
    }
    const { body } = await schedule(appointment, 'sandbox-rides');
    expect(body.errors).toBeUndefined();
    expect(body.data?.scheduleRide.benefitCheck).toMatchObject({ mode: 'REQUIRED', status: 'COVERED', payerId: 'SANDBOX-PAYER-1' });
  });
});
