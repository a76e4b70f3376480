import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../../config/schema';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { describeWithRedis } from '../helpers/redis';
import { addAppointment, appointmentGid, futureIso, subscribeSse, vendorRideIdOf } from '../helpers/rides';
import { sandboxSimulator as lyftSandbox } from '../../adapters/rides/lyft/sandbox';
import { sandboxSimulator as uberHealthSandbox } from '../../adapters/rides/uber-health/sandbox';

/**
 * Exactly-once booking: one idempotency key, one vendor booking — on repeat, on a lost answer,
 * and with 50 requests racing across two gateway instances that share one Redis.
 */
const SCHEDULE = `mutation($input: ScheduleRideInput!) { scheduleRide(input: $input) { id status } }`;
type Answer = { data?: { scheduleRide: { id: string; status: string } }; errors?: { message: string; extensions?: Record<string, unknown> }[] };

/** Lyft answers slowly in some tests: a short client timeout makes that a lost answer. */
const shortLyftTimeout = (config: GatewayConfig): GatewayConfig => ({
  ...config,
  sources: config.sources.map((source) => (source.id === 'sandbox-lyft' && source.kind === 'rides' ? { ...source, timeoutMs: 800 } : source)),
});

const lyftOf = (simulators: SandboxSimulators) => simulators.of(lyftSandbox);

describe('exactly-once booking on one instance', () => {
  let simulators: SandboxSimulators;
  let gateway: TestGateway;
  beforeAll(async () => {
    simulators = await startSandboxSimulators();
    gateway = await startTestGateway({ simulators, adjustConfig: shortLyftTimeout });
  });
  afterAll(async () => {
    await gateway?.close();
    await simulators?.close();
  });
  const schedule = async (input: Record<string, unknown>, partner = 'sandbox-internal') =>
    (await gateway.graphql(SCHEDULE, { partner, variables: { input: { rideSource: 'sandbox-lyft', ...input } } })).body as Answer;

  it('answers the same ride for the same key, booking once', async () => {
    const appointmentId = appointmentGid(await addAppointment(simulators, { start: futureIso(10) }));
    const before = lyftOf(simulators).bookings;
    const key = `same-${crypto.randomUUID()}`;
    const first = await schedule({ appointmentId, idempotencyKey: key });
    const second = await schedule({ appointmentId, idempotencyKey: key });
    expect(first.errors).toBeUndefined();
    expect(second.data?.scheduleRide.id).toBe(first.data?.scheduleRide.id);
    expect(lyftOf(simulators).bookings - before).toBe(1);
  });

  it('refuses a key reused for a different request, and keeps partners apart', async () => {
    const one = appointmentGid(await addAppointment(simulators, { start: futureIso(11) }));
    const two = appointmentGid(await addAppointment(simulators, { start: futureIso(11) }));
    const key = `reuse-${crypto.randomUUID()}`;
    expect((await schedule({ appointmentId: one, idempotencyKey: key })).errors).toBeUndefined();
    const reused = await schedule({ appointmentId: two, idempotencyKey: key });
    expect(reused.errors?.[0]?.extensions?.['code']).toBe('CONFLICT');
    expect((reused.errors?.[0]?.extensions?.['details'] as { reason: string }).reason).toBe('IDEMPOTENCY_KEY_REUSED');
    // Another partner's identical key is its own.
    const other = await schedule({ appointmentId: two, idempotencyKey: key }, 'sandbox-rides');
    expect(other.errors).toBeUndefined();
  });

  it('never books twice when the booking answer is lost: it looks the ride up instead', async () => {
    const appointmentId = appointmentGid(await addAppointment(simulators, { start: futureIso(12) }));
    const lyft = lyftOf(simulators);
    const [bookingsBefore, postsBefore] = [lyft.bookings, lyft.received.length];
    lyft.faults.bookingDelayMs = 1_500; // the ride is created, the answer comes after our 800 ms timeout
    let answer: Answer;
    try {
      answer = await schedule({ appointmentId, idempotencyKey: `slow-${crypto.randomUUID()}` });
    } finally {
      lyft.faults.bookingDelayMs = 0;
    }
    expect(answer.errors).toBeUndefined();
    expect(lyft.ride(vendorRideIdOf(answer.data?.scheduleRide.id as string))).toBeDefined();
    expect(lyft.bookings - bookingsBefore).toBe(1);
    expect(lyft.received.length - postsBefore).toBe(1); // one POST /v1/rides, no blind retry
  });

  it('after a failed booking, the retry with the same key looks first, then books once', async () => {
    const appointmentId = appointmentGid(await addAppointment(simulators, { start: futureIso(13) }));
    const lyft = lyftOf(simulators);
    const key = `retry-${crypto.randomUUID()}`;
    const before = lyft.bookings;
    lyft.faults.failNext.push({ status: 500, only: 'booking' });
    const failed = await schedule({ appointmentId, idempotencyKey: key });
    expect(failed.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_UNAVAILABLE');
    expect(failed.errors?.[0]?.extensions?.['retryable']).toBe(true);
    expect(lyft.bookings).toBe(before);
    const retried = await schedule({ appointmentId, idempotencyKey: key });
    expect(retried.errors).toBeUndefined();
    expect(lyft.bookings - before).toBe(1);
  });
});

await describeWithRedis('exactly-once booking across two instances on one Redis', ({ url, namespace }) => {
  let simulators: SandboxSimulators;
  let first: TestGateway;
  let second: TestGateway;
  beforeAll(async () => {
    simulators = await startSandboxSimulators();
    const env = { REDIS_URL: url, REDIS_NAMESPACE: namespace };
    first = await startTestGateway({ simulators, env });
    second = await startTestGateway({ simulators, env });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await simulators?.close();
  });

  it('books once for 50 concurrent requests with one key, split over both instances', async () => {
    const appointmentId = appointmentGid(await addAppointment(simulators, { start: futureIso(14) }));
    const lyft = lyftOf(simulators);
    const before = lyft.bookings;
    const input = { appointmentId, idempotencyKey: `race-${crypto.randomUUID()}`, rideSource: 'sandbox-lyft' };
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, index) => (index % 2 === 0 ? first : second).graphql(SCHEDULE, { variables: { input } }).then((result) => result.body as Answer)),
    );
    expect(answers.flatMap((answer) => answer.errors ?? [])).toEqual([]);
    const ids = new Set(answers.map((answer) => answer.data?.scheduleRide.id));
    expect(ids.size).toBe(1);
    expect(lyft.bookings - before).toBe(1);
  });

  it('answers the same ride from the other instance for a repeated key', async () => {
    const appointmentId = appointmentGid(await addAppointment(simulators, { start: futureIso(15) }));
    const input = { appointmentId, idempotencyKey: `repeat-${crypto.randomUUID()}`, rideSource: 'sandbox-uber-health' };
    const uber = simulators.of(uberHealthSandbox);
    const before = uber.bookings;
    const one = (await first.graphql(SCHEDULE, { variables: { input } })).body as Answer;
    const two = (await second.graphql(SCHEDULE, { variables: { input } })).body as Answer;
    expect(two.data?.scheduleRide.id).toBe(one.data?.scheduleRide.id);
    expect(uber.bookings - before).toBe(1);
  });

  it('publishes a webhook received by one instance to subscribers of the other', async () => {
    const appointmentId = appointmentGid(await addAppointment(simulators, { start: futureIso(16) }));
    const booked = (await first.graphql(SCHEDULE, { variables: { input: { appointmentId, idempotencyKey: crypto.randomUUID(), rideSource: 'sandbox-lyft' } } })).body as Answer;
    const rideId = booked.data?.scheduleRide.id as string;
    const lyft = lyftOf(simulators);
    expect(lyft.webhookUrl?.startsWith(first.url)).toBe(true);
    const updates = await subscribeSse<{ data: { rideUpdated: { status: string } } }>(second.url, await second.token('sandbox-rides'), `subscription($id: ID!) { rideUpdated(id: $id) { status } }`, {
      id: rideId,
    });
    try {
      expect((await updates.next()).data.rideUpdated.status).toBe('SCHEDULED');
      expect((await lyft.advance(vendorRideIdOf(rideId), 'accepted')).status).toBe(200);
      expect((await updates.next()).data.rideUpdated.status).toBe('DRIVER_ASSIGNED');
    } finally {
      await updates.close();
    }
  });
});
