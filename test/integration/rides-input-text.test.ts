import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxSimulator as fhirSandbox } from '../../adapters/ehr/fhir-r4/sandbox';
import { sandboxSimulator as lyftSandbox } from '../../adapters/rides/lyft/sandbox';
import { sandboxSimulator as uberHealthSandbox } from '../../adapters/rides/uber-health/sandbox';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { addAppointment, appointmentGid, futureIso, OTHER_LIVING_PATIENT } from '../helpers/rides';

/**
 * Text bound for a ride company (the driver's note, a pickup address, the rider's name from the
 * EHR) is checked, never trimmed, cut or cleaned: a control character, a line break or an
 * invisible format character is refused with BAD_INPUT naming the field, and nothing is sent.
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

const PICKUP = { lat: 38.4, lng: -96.18, addressLines: ['12 Commercial St'], city: 'Emporia', state: 'KS', postalCode: '66801' };

const schedule = (appointmentId: string, rideSource: string, extra: Record<string, unknown>) =>
  gateway.graphql<{ scheduleRide: { id: string } }>(`mutation($input: ScheduleRideInput!) { scheduleRide(input: $input) { id } }`, {
    partner: 'sandbox-rides',
    variables: { input: { appointmentId: appointmentGid(appointmentId), idempotencyKey: crypto.randomUUID(), rideSource, ...extra } },
  });

const vendorCalls = () => simulators.of(lyftSandbox).received.length + simulators.of(uberHealthSandbox).received.length;

async function expectRefused(rideSource: string, extra: Record<string, unknown>, details: Record<string, string>, patientId = OTHER_LIVING_PATIENT) {
  const appointmentId = await addAppointment(simulators, { start: futureIso(8), patientId });
  const before = vendorCalls();
  const { body } = await schedule(appointmentId, rideSource, extra);
  expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', details });
  expect(vendorCalls()).toBe(before);
}

describe('ride text is checked, never cleaned', () => {
  it('books with a plain note and a pickup in any script', async () => {
    const appointmentId = await addAppointment(simulators, { start: futureIso(9), patientId: OTHER_LIVING_PATIENT });
    const before = simulators.of(uberHealthSandbox).received.length;
    const { body } = await schedule(appointmentId, 'sandbox-uber-health', { note: 'Côté jardin, porte bleue', pickup: { ...PICKUP, addressLines: ['12 Rue de l’Église'] } });
    expect(body.errors).toBeUndefined();
    const sent = simulators.of(uberHealthSandbox).received.slice(before)[0] as { note_for_driver: string; pickup: { address: string } };
    expect(sent.note_for_driver).toBe('Côté jardin, porte bleue');
    expect(sent.pickup.address).toContain('12 Rue de l’Église');
  });

  it('refuses a note with a control character, a line break, an invisible character or spaces at the ends', async () => {
    await expectRefused('sandbox-uber-health', { note: 'Gate 3\u0007' }, { field: 'note' });
    await expectRefused('sandbox-uber-health', { note: 'Gate 3\nring twice' }, { field: 'note' });
    await expectRefused('sandbox-uber-health', { note: 'Gate\u200b 3' }, { field: 'note' });
    await expectRefused('sandbox-uber-health', { note: ' Gate 3 ' }, { field: 'note' });
    await expectRefused('sandbox-uber-health', { note: 'x'.repeat(201) }, { field: 'note' });
  });

  it('refuses a pickup address that cannot be sent as given, naming the part', async () => {
    await expectRefused('sandbox-lyft', { pickup: { ...PICKUP, addressLines: ['12 Commercial St\r\nApt 4'] } }, { field: 'pickup.addressLines.0' });
    await expectRefused('sandbox-lyft', { pickup: { ...PICKUP, city: 'Emporia\u202e' } }, { field: 'pickup.city' });
    await expectRefused('sandbox-uber-health', { pickup: { ...PICKUP, postalCode: '6'.repeat(21) } }, { field: 'pickup.postalCode' });
  });

  it('refuses a rider whose EHR name holds a control character, instead of sending a cleaned or cut name', async () => {
    const fhir = simulators.of(fhirSandbox).simulator;
    const original = await fhir.repo.readResource<Patient>('Patient', OTHER_LIVING_PATIENT);
    const id = `test-pat-${crypto.randomUUID()}`;
    await fhir.load([{ ...original, id, name: [{ use: 'official', family: 'Test\u0000person', given: ['Alex'] }] }]);
    await expectRefused('sandbox-lyft', {}, { field: 'rider.lastName', reason: 'RIDER_NAME_NOT_SENDABLE' }, id);
    await fhir.load([{ ...original, id: `${id}-long`, name: [{ use: 'official', family: 'L'.repeat(101), given: ['Alex'] }] }]);
    await expectRefused('sandbox-uber-health', {}, { field: 'rider.lastName', reason: 'RIDER_NAME_NOT_SENDABLE' }, `${id}-long`);
  });
});
