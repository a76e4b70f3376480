import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { addAppointment, addLocation, appointmentGid } from '../helpers/rides';
import { sandboxSimulator as lyftSandbox } from '../../adapters/rides/lyft/sandbox';
import { sandboxSimulator as uberHealthSandbox } from '../../adapters/rides/uber-health/sandbox';

/**
 * The pickup time gets the rider to the clinic `arrivalBufferMinutes` (15 in the sandbox) before
 * the appointment, given the vendor's trip time, and is shown in the clinic's zone: right on both
 * DST change days (the pickup and the appointment on different sides of the change) and for a
 * clinic in another zone. Expected offsets come from the published rules, not from our code.
 */
let simulators: SandboxSimulators;
let gateway: TestGateway;
/** A clinic about 27 miles north of the sandbox patient: a trip of over an hour. */
let chicagoClinic: string;
let kolkataClinic: string;
let zonelessClinic: string;

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  gateway = await startTestGateway({ simulators });
  chicagoClinic = await addLocation(simulators, { lat: 38.8, lng: -96.19, timeZone: 'America/Chicago' });
  kolkataClinic = await addLocation(simulators, { lat: 38.8, lng: -96.19, timeZone: 'Asia/Kolkata' });
  zonelessClinic = await addLocation(simulators, { lat: 38.8, lng: -96.19 });
});
afterAll(async () => {
  await gateway?.close();
  await simulators?.close();
});

const BUFFER_MS = 15 * 60_000;
/** US Central in 2030: CDT (-05:00) from 2030-03-10 08:00Z until 2030-11-03 07:00Z, CST (-06:00) otherwise. */
const chicagoOffsetMinutes = (ms: number) => (ms >= Date.parse('2030-03-10T08:00:00Z') && ms < Date.parse('2030-11-03T07:00:00Z') ? -300 : -360);
const withOffset = (ms: number, offsetMinutes: number) => {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19)}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
};

interface Booked {
  pickupAt: string;
  arriveBy: string;
  timeZone: string;
}

/** Books through GraphQL and answers the ride, the trip time the vendor quoted, and what the vendor received. */
async function book(appointmentId: string, rideSource: 'sandbox-lyft' | 'sandbox-uber-health') {
  const estimates = await gateway.graphql<{ rideEstimates: { source: { id: string }; estimates: { price: { min: { amountMinor: number } }; durationSeconds: number }[] }[] }>(
    `query($input: RideEstimateInput!) { rideEstimates(input: $input) { source { id } estimates { price { min { amountMinor } } durationSeconds } } }`,
    { variables: { input: { appointmentId: appointmentGid(appointmentId) } } },
  );
  const forSource = estimates.body.data?.rideEstimates.find((result) => result.source.id === rideSource)?.estimates ?? [];
  const cheapest = [...forSource].sort((a, b) => a.price.min.amountMinor - b.price.min.amountMinor)[0];
  const { body } = await gateway.graphql<{ scheduleRide: Booked }>(`mutation($input: ScheduleRideInput!) { scheduleRide(input: $input) { pickupAt arriveBy timeZone } }`, {
    variables: { input: { appointmentId: appointmentGid(appointmentId), idempotencyKey: crypto.randomUUID(), rideSource } },
  });
  expect(body.errors).toBeUndefined();
  const received = (rideSource === 'sandbox-lyft' ? simulators.of(lyftSandbox).received : simulators.of(uberHealthSandbox).received).at(-1) as Record<string, unknown>;
  return { ride: body.data?.scheduleRide as Booked, travelSeconds: cheapest?.durationSeconds as number, received };
}

const expectedPickupMs = (startMs: number, travelSeconds: number) => Math.floor((startMs - BUFFER_MS - travelSeconds * 1000) / 60_000) * 60_000;

describe('pickup time', () => {
  it('is right on the spring-forward day: pickup in CST, arrival in CDT', async () => {
    const start = '2030-03-10T03:30:00-05:00';
    const appointmentId = await addAppointment(simulators, { start, locationId: chicagoClinic });
    const { ride, travelSeconds, received } = await book(appointmentId, 'sandbox-lyft');
    expect(travelSeconds).toBeGreaterThan(3600);
    const pickupMs = expectedPickupMs(Date.parse(start), travelSeconds);
    expect(pickupMs).toBeLessThan(Date.parse('2030-03-10T08:00:00Z')); // the trip really spans the change
    expect(ride.arriveBy).toBe('2030-03-10T03:15:00-05:00');
    expect(ride.pickupAt).toBe(withOffset(pickupMs, chicagoOffsetMinutes(pickupMs)));
    expect(ride.pickupAt.endsWith('-06:00')).toBe(true);
    expect(ride.timeZone).toBe('America/Chicago');
    expect(Date.parse(received['scheduled_pickup_time'] as string)).toBe(pickupMs);
  });

  it('is right on the fall-back day, across the repeated hour', async () => {
    // 01:30 CST: the second 01:30 of the night.
    const start = '2030-11-03T01:30:00-06:00';
    const appointmentId = await addAppointment(simulators, { start, locationId: chicagoClinic });
    const { ride, travelSeconds, received } = await book(appointmentId, 'sandbox-uber-health');
    const pickupMs = expectedPickupMs(Date.parse(start), travelSeconds);
    expect(pickupMs).toBeLessThan(Date.parse('2030-11-03T07:00:00Z'));
    expect(ride.arriveBy).toBe('2030-11-03T01:15:00-06:00');
    expect(ride.pickupAt).toBe(withOffset(pickupMs, chicagoOffsetMinutes(pickupMs)));
    expect(ride.pickupAt.endsWith('-05:00')).toBe(true);
    expect((received['scheduling'] as { pickup_time: number }).pickup_time).toBe(pickupMs);
  });

  it("uses the appointment location's zone: a clinic in Asia/Kolkata (+05:30)", async () => {
    const start = '2030-06-01T10:00:00+05:30';
    const appointmentId = await addAppointment(simulators, { start, locationId: kolkataClinic });
    const { ride, travelSeconds, received } = await book(appointmentId, 'sandbox-uber-health');
    const pickupMs = expectedPickupMs(Date.parse(start), travelSeconds);
    expect(ride.timeZone).toBe('Asia/Kolkata');
    expect(ride.arriveBy).toBe('2030-06-01T09:45:00+05:30');
    expect(ride.pickupAt).toBe(withOffset(pickupMs, 330));
    expect((received['scheduling'] as { pickup_time: number }).pickup_time).toBe(pickupMs);
  });

  it('falls back to the offset the appointment states when the location names no zone', async () => {
    const start = '2030-02-01T09:00:00-07:00';
    const appointmentId = await addAppointment(simulators, { start, locationId: zonelessClinic });
    const { ride, travelSeconds } = await book(appointmentId, 'sandbox-lyft');
    expect(ride.timeZone).toBe('Etc/GMT+7');
    expect(ride.arriveBy).toBe('2030-02-01T08:45:00-07:00');
    expect(ride.pickupAt).toBe(withOffset(expectedPickupMs(Date.parse(start), travelSeconds), -420));
  });

  it('for the sandbox appointments on 2030-01-15 (09:00-05:00 at a Chicago clinic): arrive by 07:45 CST', async () => {
    const { body } = await gateway.graphql<{ scheduleRide: Booked }>(`mutation($input: ScheduleRideInput!) { scheduleRide(input: $input) { pickupAt arriveBy timeZone } }`, {
      variables: { input: { appointmentId: appointmentGid('531a1c4a-6817-aec8-175a-0d86510142ba'), idempotencyKey: crypto.randomUUID() } },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data?.scheduleRide.arriveBy).toBe('2030-01-15T07:45:00-06:00');
    expect(body.data?.scheduleRide.timeZone).toBe('America/Chicago');
  });
});
