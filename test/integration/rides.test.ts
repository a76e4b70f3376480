import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import {
  addAppointment,
  appointmentGid,
  DECEASED_PATIENT_APPOINTMENT,
  futureIso,
  LIVING_PATIENT,
  SANDBOX_BOOKED_APPOINTMENT,
  subscribeSse,
  vendorRideIdOf,
} from '../helpers/rides';
import { sandboxSimulator as lyftSandbox } from '../../adapters/rides/lyft/sandbox';
import { sandboxSimulator as uberHealthSandbox } from '../../adapters/rides/uber-health/sandbox';

/**
 * The sandbox ride flow through GraphQL only: estimate, book, follow the status as the
 * simulators drive it (signed webhooks into the gateway), cancel with fee confirmation.
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

const lyft = () => simulators.of(lyftSandbox);
const uber = () => simulators.of(uberHealthSandbox);

const RIDE_FIELDS = `id status rawStatus statusReason source { id kind } pickupAt arriveBy timeZone
  pickup { lat lng addressLines } dropoff { lat lng addressLines }
  driver { firstName vehicle { make licensePlate } } fare { amountMinor currency }
  appointment { id start status location { name timeZone } } updatedAt`;

interface RideView {
  id: string;
  status: string;
  rawStatus: string;
  statusReason: string | null;
  source: { id: string; kind: string };
  pickupAt: string;
  arriveBy: string;
  timeZone: string;
  driver: { firstName: string; vehicle: { make: string | null; licensePlate: string | null } } | null;
  fare: { amountMinor: number; currency: string } | null;
  appointment: { id: string; start: string; status: string; location: { name: string; timeZone: string } };
}

const SCHEDULE = `mutation($input: ScheduleRideInput!) { scheduleRide(input: $input) { ${RIDE_FIELDS} } }`;
const CANCEL = `mutation($input: CancelRideInput!) { cancelRide(input: $input) { ${RIDE_FIELDS} } }`;
const READ = `query($id: ID!) { ride(id: $id) { ${RIDE_FIELDS} } }`;
const SUBSCRIBE = `subscription($id: ID!) { rideUpdated(id: $id) { id status statusReason driver { firstName } fare { amountMinor } } }`;

const schedule = async (input: Record<string, unknown>, partner = 'sandbox-rides') => {
  const result = await gateway.graphql<{ scheduleRide: RideView }>(SCHEDULE, { partner, variables: { input } });
  return result.body;
};

describe('rides in the sandbox, through GraphQL', () => {
  it('estimates a trip to an appointment from every ride source, each price in integer minor units', async () => {
    const { body } = await gateway.graphql<{
      rideEstimates: { source: { id: string }; error: unknown; estimates: { product: { id: string }; price: { min: { amountMinor: number; currency: string } } | null; durationSeconds: number | null }[] }[];
    }>(
      `query($input: RideEstimateInput!) { rideEstimates(input: $input) { source { id } error { code } estimates { product { id } price { min { amountMinor currency } } durationSeconds } } }`,
      { partner: 'sandbox-rides', variables: { input: { appointmentId: appointmentGid(SANDBOX_BOOKED_APPOINTMENT) } } },
    );
    expect(body.errors).toBeUndefined();
    const results = body.data?.rideEstimates ?? [];
    expect(results.map((result) => result.source.id)).toEqual(['sandbox-lyft', 'sandbox-uber-health']);
    for (const result of results) {
      expect(result.error).toBeNull();
      expect(result.estimates.length).toBeGreaterThan(0);
      for (const estimate of result.estimates) {
        expect(Number.isInteger(estimate.price?.min.amountMinor)).toBe(true);
        expect(estimate.price?.min.currency).toBe('USD');
      }
    }
    const audited = gateway.audit.filter((event) => event.action === 'estimate');
    expect(audited.at(-1)?.resourceIds).toContain(appointmentGid(SANDBOX_BOOKED_APPOINTMENT));
  });

  it('reports a failing ride source without failing the others', async () => {
    uber().faults.failNext.push({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    const { body } = await gateway.graphql<{ rideEstimates: { source: { id: string }; error: { code: string; retryable: boolean } | null; estimates: unknown[] }[] }>(
      `query($input: RideEstimateInput!) { rideEstimates(input: $input) { source { id } error { code retryable } estimates { product { id } } } }`,
      { partner: 'sandbox-rides', variables: { input: { pickup: { lat: 38.41, lng: -96.19 }, dropoff: { lat: 38.45, lng: -96.2 } } } },
    );
    uber().faults.failNext.length = 0;
    expect(body.errors).toBeUndefined();
    const [lyftResult, uberResult] = body.data?.rideEstimates ?? [];
    expect(lyftResult?.error).toBeNull();
    expect(lyftResult?.estimates.length).toBeGreaterThan(0);
    expect(uberResult?.error).toEqual({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    expect(uberResult?.estimates).toEqual([]);
  });

  it('books, follows the ride through signed webhooks over SSE, and cancels with fee confirmation (Lyft)', async () => {
    const appointmentId = await addAppointment(simulators, { start: futureIso(20) });
    const booked = await schedule({ appointmentId: appointmentGid(appointmentId), idempotencyKey: `flow-${crypto.randomUUID()}`, rideSource: 'sandbox-lyft' });
    expect(booked.errors).toBeUndefined();
    const ride = booked.data?.scheduleRide as RideView;
    expect(ride.status).toBe('SCHEDULED');
    expect(ride.source).toEqual({ id: 'sandbox-lyft', kind: 'rides' });
    expect(ride.timeZone).toBe('America/Chicago');
    expect(Date.parse(ride.pickupAt)).toBeLessThan(Date.parse(ride.arriveBy));
    expect(ride.appointment.location.timeZone).toBe('America/Chicago');

    const token = await gateway.token('sandbox-rides');
    const updates = await subscribeSse<{ data: { rideUpdated: { status: string; statusReason: string | null; driver: { firstName: string } | null; fare: { amountMinor: number } | null } } }>(
      gateway.url,
      token,
      SUBSCRIBE,
      { id: ride.id },
    );
    try {
      expect((await updates.next()).data.rideUpdated.status).toBe('SCHEDULED');
      const vendorId = vendorRideIdOf(ride.id);
      expect((await lyft().advance(vendorId, 'accepted')).status).toBe(200);
      const assigned = (await updates.next()).data.rideUpdated;
      expect(assigned.status).toBe('DRIVER_ASSIGNED');
      expect(assigned.driver?.firstName).toBeTruthy();
      expect((await lyft().advance(vendorId, 'arrived')).status).toBe(200);
      expect((await updates.next()).data.rideUpdated.status).toBe('DRIVER_ARRIVED');

      const first = await gateway.graphql(CANCEL, { partner: 'sandbox-rides', variables: { input: { rideId: ride.id } } });
      const feeError = first.body.errors?.[0];
      expect(feeError?.extensions?.['code']).toBe('FEE_CONFIRMATION_REQUIRED');
      const details = feeError?.extensions?.['details'] as { fee: { amountMinor: number; currency: string }; confirmationToken: string; expiresAt: string };
      expect(details.fee).toEqual({ amountMinor: 500, currency: 'USD' });
      expect(details.confirmationToken).toMatch(/\S/);
      expect(lyft().ride(vendorId)?.status).toBe('arrived'); // nothing cancelled without the confirmation

      const confirmed = await gateway.graphql<{ cancelRide: RideView }>(CANCEL, {
        partner: 'sandbox-rides',
        variables: { input: { rideId: ride.id, confirmationToken: details.confirmationToken } },
      });
      expect(confirmed.body.errors).toBeUndefined();
      expect(confirmed.body.data?.cancelRide.status).toBe('CANCELED');
      expect(confirmed.body.data?.cancelRide.statusReason).toBe('CANCELED_BY_PARTNER');
      expect(confirmed.body.data?.cancelRide.fare).toEqual({ amountMinor: 500, currency: 'USD' });
      expect(lyft().ride(vendorId)?.status).toBe('canceled');
      expect((await updates.next()).data.rideUpdated.status).toBe('CANCELED');
      // A cancelled ride changes no more: the server completes the stream.
      expect(await updates.completed()).toBe(true);
    } finally {
      await updates.close();
    }
    const actions = gateway.audit.filter((event) => event.resourceType === 'Ride').map((event) => `${event.action}:${event.outcome}`);
    expect(actions).toEqual(expect.arrayContaining(['book:success', 'read:success', 'cancel:failure', 'cancel:success']));
  });

  it('follows an Uber Health ride to completion and shows it on the appointment', async () => {
    const appointmentId = await addAppointment(simulators, { start: futureIso(21) });
    const booked = await schedule({ appointmentId: appointmentGid(appointmentId), idempotencyKey: `uber-${crypto.randomUUID()}`, rideSource: 'sandbox-uber-health' });
    expect(booked.errors).toBeUndefined();
    const ride = booked.data?.scheduleRide as RideView;
    expect(ride.status).toBe('SCHEDULED');
    const vendorId = vendorRideIdOf(ride.id);
    for (const status of ['accepted', 'arriving', 'in_progress', 'completed'] as const) {
      expect((await uber().advance(vendorId, status)).status).toBe(200);
    }
    const { body } = await gateway.graphql<{ appointment: { ride: RideView } }>(`query($id: ID!) { appointment(id: $id) { ride { ${RIDE_FIELDS} } } }`, {
      partner: 'sandbox-rides',
      variables: { id: appointmentGid(appointmentId) },
    });
    expect(body.errors).toBeUndefined();
    const completed = body.data?.appointment.ride as RideView;
    expect(completed.id).toBe(ride.id);
    expect(completed.status).toBe('COMPLETED');
    expect(completed.rawStatus).toBe('completed');
    expect(Number.isInteger(completed.fare?.amountMinor)).toBe(true);
    expect(completed.driver?.firstName).toBeTruthy();
  });

  it('shows a ride partner where and when, never who', async () => {
    const appointmentId = await addAppointment(simulators, { start: futureIso(22) });
    const booked = await schedule({ appointmentId: appointmentGid(appointmentId), idempotencyKey: `who-${crypto.randomUUID()}` });
    const rideId = booked.data?.scheduleRide.id as string;
    const refused = await gateway.graphql(`query($id: ID!) { ride(id: $id) { appointment { patient { id } } } }`, { partner: 'sandbox-rides', variables: { id: rideId } });
    expect(refused.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(refused.body.data ?? null).toBeNull();
    const viaNode = await gateway.graphql<{ node: { id: string; status: string } }>(`query($id: ID!) { node(id: $id) { id ... on Ride { status } } }`, {
      partner: 'sandbox-rides',
      variables: { id: rideId },
    });
    expect(viaNode.body.data?.node).toEqual({ id: rideId, status: 'SCHEDULED' });
    const internal = await gateway.graphql<{ ride: { appointment: { patient: { id: string } } } }>(`query($id: ID!) { ride(id: $id) { appointment { patient { id } } } }`, {
      partner: 'sandbox-internal',
      variables: { id: rideId },
    });
    expect(internal.body.data?.ride.appointment.patient.id).toBeTruthy();
  });

  it('refuses past, cancelled, unknown and not-booked appointments and deceased patients, booking nothing', async () => {
    const before = lyft().bookings + uber().bookings;
    const past = await addAppointment(simulators, { start: '2021-05-03T09:00:00-05:00' });
    const cancelled = await addAppointment(simulators, { start: futureIso(30), status: 'cancelled' });
    const proposed = await addAppointment(simulators, { start: futureIso(30), status: 'proposed' });
    const cases: [string, string, string][] = [
      [appointmentGid(past), 'BAD_INPUT', 'APPOINTMENT_IN_PAST'],
      [appointmentGid(cancelled), 'CONFLICT', 'APPOINTMENT_CANCELLED'],
      [appointmentGid(proposed), 'CONFLICT', 'APPOINTMENT_NOT_BOOKED'],
      [appointmentGid('no-such-appointment'), 'NOT_FOUND', 'APPOINTMENT_NOT_FOUND'],
      [appointmentGid(DECEASED_PATIENT_APPOINTMENT), 'BAD_INPUT', 'PATIENT_DECEASED'],
    ];
    for (const [appointmentId, code, reason] of cases) {
      const body = await schedule({ appointmentId, idempotencyKey: `refuse-${crypto.randomUUID()}` }, 'sandbox-internal');
      const error = body.errors?.[0];
      expect({ code: error?.extensions?.['code'], reason: (error?.extensions?.['details'] as { reason?: string } | undefined)?.reason }).toEqual({ code, reason });
    }
    expect(lyft().bookings + uber().bookings).toBe(before);
    // The message says what is wrong, not whose record it is.
    expect(JSON.stringify(gateway.logs)).not.toContain(LIVING_PATIENT);
  });

  it('keeps one active ride per appointment', async () => {
    const appointmentId = await addAppointment(simulators, { start: futureIso(23) });
    const first = await schedule({ appointmentId: appointmentGid(appointmentId), idempotencyKey: `one-${crypto.randomUUID()}` });
    expect(first.errors).toBeUndefined();
    const second = await schedule({ appointmentId: appointmentGid(appointmentId), idempotencyKey: `two-${crypto.randomUUID()}` });
    expect(second.errors?.[0]?.extensions?.['code']).toBe('CONFLICT');
    expect((second.errors?.[0]?.extensions?.['details'] as { rideId?: string }).rideId).toBe(first.data?.scheduleRide.id);
  });

  it('needs ride.write to book and ride.read to read', async () => {
    const appointmentId = await addAppointment(simulators, { start: futureIso(24) });
    const readOnly = await gateway.graphql(SCHEDULE, {
      partner: 'sandbox-rides',
      scopes: ['ride.read'],
      variables: { input: { appointmentId: appointmentGid(appointmentId), idempotencyKey: 'scope-check-1' } },
    });
    expect(readOnly.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const payer = await gateway.graphql(READ, { partner: 'sandbox-payer', variables: { id: 'UmlkZTpzYW5kYm94LWx5ZnQ6MQ' } });
    expect(payer.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });
});
