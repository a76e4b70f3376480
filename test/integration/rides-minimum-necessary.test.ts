import type { Coverage, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyPaths } from '../helpers/ride-adapter-testing';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { addAppointment, addLocation, appointmentGid, futureIso, OTHER_LIVING_PATIENT } from '../helpers/rides';
import { sandboxSimulator as fhirSandbox } from '../../adapters/ehr/fhir-r4/sandbox';
import { sandboxSimulator as lyftSandbox } from '../../adapters/rides/lyft/sandbox';
import { sandboxSimulator as uberHealthSandbox } from '../../adapters/rides/uber-health/sandbox';

/**
 * HIPAA minimum necessary at the ride vendor: booking through GraphQL, each vendor receives the
 * rider's name and phone, pickup, drop-off and time, and nothing else — no FHIR id, birth date,
 * record or member number, diagnosis, reason, department or clinic name; not in a note either.
 * Checked on what the vendor simulators actually received over HTTP.
 */
let simulators: SandboxSimulators;
let gateway: TestGateway;
let forbidden: string[];
let appointmentIds: { lyft: string; uber: string };
const REASON = 'Oncology follow-up: chemotherapy cycle 3';
const CLINIC_NAME = 'CANCER CENTER OF TESTVILLE';

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  gateway = await startTestGateway({ simulators });
  const repo = simulators.of(fhirSandbox).simulator.repo;
  const patient = await repo.readResource<Patient>('Patient', OTHER_LIVING_PATIENT);
  const coverages = (await repo.searchResources<Coverage>({ resourceType: 'Coverage', filters: [] })).filter((c) => c.beneficiary.reference === `Patient/${OTHER_LIVING_PATIENT}`);
  const locationId = await addLocation(simulators, { lat: 39.02, lng: -94.66, timeZone: 'America/Chicago', name: CLINIC_NAME });
  appointmentIds = {
    lyft: await addAppointment(simulators, { start: futureIso(5), patientId: OTHER_LIVING_PATIENT, locationId, reason: REASON }),
    uber: await addAppointment(simulators, { start: futureIso(6), patientId: OTHER_LIVING_PATIENT, locationId, reason: REASON }),
  };
  forbidden = [
    OTHER_LIVING_PATIENT,
    locationId,
    appointmentIds.lyft,
    appointmentIds.uber,
    patient.birthDate ?? '',
    ...(patient.identifier ?? []).map((identifier) => identifier.value ?? ''),
    ...coverages.map((coverage) => coverage.subscriberId ?? ''),
    ...(patient.name ?? []).filter((name) => name.use === 'maiden').map((name) => name.family ?? ''),
    REASON,
    'Oncology',
    'chemotherapy',
    CLINIC_NAME,
  ].filter((value) => value.length >= 4);
  expect(forbidden.length).toBeGreaterThan(8);
});
afterAll(async () => {
  await gateway?.close();
  await simulators?.close();
});

const schedule = (appointmentId: string, rideSource: string, note?: string) =>
  gateway.graphql<{ scheduleRide: { id: string } }>(`mutation($input: ScheduleRideInput!) { scheduleRide(input: $input) { id } }`, {
    partner: 'sandbox-rides',
    variables: { input: { appointmentId: appointmentGid(appointmentId), idempotencyKey: crypto.randomUUID(), rideSource, ...(note ? { note } : {}) } },
  });

const expectNothingForbidden = (received: unknown) => {
  const text = JSON.stringify(received);
  for (const value of forbidden) expect(text, `vendor received "${value}"`).not.toContain(value);
};

describe('minimum necessary at the ride vendor', () => {
  it('Lyft receives passenger name and phone, the two places, the time and our opaque reference only', async () => {
    const before = simulators.of(lyftSandbox).received.length;
    const { body } = await schedule(appointmentIds.lyft, 'sandbox-lyft', 'Side entrance by the blue awning');
    expect(body.errors).toBeUndefined();
    const received = simulators.of(lyftSandbox).received.slice(before);
    expect(received).toHaveLength(1);
    expect(new Set(keyPaths(received[0]))).toEqual(
      new Set([
        'ride_type',
        'origin', 'origin.lat', 'origin.lng', 'origin.address',
        'destination', 'destination.lat', 'destination.lng', 'destination.address',
        'passenger', 'passenger.first_name', 'passenger.last_name', 'passenger.phone_number',
        'scheduled_pickup_time',
        'internal_memo',
      ]),
    );
    const sent = received[0] as { passenger: { phone_number: string }; internal_memo: string };
    expect(sent.passenger.phone_number).toMatch(/^\+1\d{10}$/);
    expect(sent.internal_memo).toMatch(/^cg-[A-Za-z0-9_-]{24}$/);
    expectNothingForbidden(received[0]);
  });

  it('Uber Health receives guest name and phone, the two places, the time, the note and our opaque reference only', async () => {
    const before = simulators.of(uberHealthSandbox).received.length;
    const { body } = await schedule(appointmentIds.uber, 'sandbox-uber-health', 'Side entrance by the blue awning');
    expect(body.errors).toBeUndefined();
    const received = simulators.of(uberHealthSandbox).received.slice(before);
    expect(received).toHaveLength(1);
    expect(new Set(keyPaths(received[0]))).toEqual(
      new Set([
        'guest', 'guest.first_name', 'guest.last_name', 'guest.phone_number',
        'pickup', 'pickup.latitude', 'pickup.longitude', 'pickup.address',
        'dropoff', 'dropoff.latitude', 'dropoff.longitude', 'dropoff.address',
        'product_id',
        'scheduling', 'scheduling.pickup_time',
        'note_for_driver',
        'expense_memo',
      ]),
    );
    expect((received[0] as { note_for_driver: string }).note_for_driver).toBe('Side entrance by the blue awning');
    expectNothingForbidden(received[0]);
  });

  it('refuses a note that carries an id or phone number, sending nothing', async () => {
    const appointmentId = await addAppointment(simulators, { start: futureIso(7), patientId: OTHER_LIVING_PATIENT });
    const before = simulators.of(uberHealthSandbox).received.length;
    const { body } = await schedule(appointmentId, 'sandbox-uber-health', 'MRN 555 123 4567, call on arrival');
    expect(body.errors?.[0]?.extensions?.['code']).toBe('BAD_INPUT');
    expect(simulators.of(uberHealthSandbox).received.length).toBe(before);
  });

  it('keeps the gateway logs and audit trail free of what it sent', async () => {
    const logs = gateway.logs.join('\n');
    for (const value of forbidden) expect(logs).not.toContain(value);
    const booked = gateway.audit.filter((event) => event.action === 'book' && event.outcome === 'success');
    expect(booked.length).toBeGreaterThanOrEqual(2);
    for (const event of booked) for (const id of event.resourceIds) expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
