import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { sandboxSimulator as lyftSandbox } from '../../adapters/rides/lyft/sandbox';
import { sandboxSimulator as uberHealthSandbox } from '../../adapters/rides/uber-health/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { deleteKeysWithPrefix, describeWithRedis } from '../helpers/redis';
import { addAppointment, appointmentGid, futureIso, vendorRideIdOf } from '../helpers/rides';

/**
 * Exactly-once without trusting the Store: the gateway's Redis loses its data (a restart without
 * persistence, a failover to an empty replica) between two sends of one idempotency key. The
 * vendor still has the ride, under the reference derived from (partner, key): the second send
 * finds it there instead of booking again, and the ride's record is rebuilt from the vendor.
 */
const SCHEDULE = `mutation($input: ScheduleRideInput!) { scheduleRide(input: $input) { id status } }`;
const RIDE = `query($id: ID!) { ride(id: $id) { id status appointment { id ride { id } } } }`;
type Scheduled = { data?: { scheduleRide: { id: string; status: string } }; errors?: { message: string; extensions?: Record<string, unknown> }[] };
type Read = { data?: { ride: { id: string; status: string; appointment: { id: string; ride: { id: string } | null } | null } | null }; errors?: unknown[] };

await describeWithRedis('exactly-once booking when the Store loses its data', ({ url, namespace }) => {
  let simulators: SandboxSimulators;
  let gateway: TestGateway;
  let redis: Redis;
  beforeAll(async () => {
    simulators = await startSandboxSimulators();
    gateway = await startTestGateway({ simulators, env: { REDIS_URL: url, REDIS_NAMESPACE: namespace } });
    redis = new Redis(url);
  });
  afterAll(async () => {
    await gateway?.close();
    await simulators?.close();
    await redis?.quit();
  });

  const schedule = async (input: Record<string, unknown>) => (await gateway.graphql(SCHEDULE, { variables: { input } })).body as Scheduled;
  const read = async (id: string) => (await gateway.graphql(RIDE, { partner: 'sandbox-internal', variables: { id } })).body as Read;
  const bookings = (source: string) => (source === 'sandbox-lyft' ? simulators.of(lyftSandbox).bookings : simulators.of(uberHealthSandbox).bookings);

  for (const rideSource of ['sandbox-lyft', 'sandbox-uber-health']) {
    it(`${rideSource}: the same key after every Store key is gone answers the same ride, booked once, and ride(id) works again`, async () => {
      const appointmentId = appointmentGid(await addAppointment(simulators, { start: futureIso(20) }));
      const input = { appointmentId, idempotencyKey: `lost-${crypto.randomUUID()}`, rideSource };
      const before = bookings(rideSource);
      const first = await schedule(input);
      expect(first.errors).toBeUndefined();
      const rideId = first.data!.scheduleRide.id;

      expect(await deleteKeysWithPrefix(url, `${namespace}:`)).toBeGreaterThan(0);
      expect((await read(rideId)).data?.ride).toBeNull(); // the gateway has forgotten the ride

      const again = await schedule(input);
      expect(again.errors).toBeUndefined();
      expect(again.data?.scheduleRide.id).toBe(rideId);
      expect(bookings(rideSource) - before).toBe(1);
      const restored = (await read(rideId)).data?.ride;
      expect(restored).toMatchObject({ id: rideId, status: 'SCHEDULED', appointment: { id: appointmentId, ride: { id: rideId } } });
      // And from now on the Store answers: a third send books nothing either.
      expect((await schedule(input)).data?.scheduleRide.id).toBe(rideId);
      expect(bookings(rideSource) - before).toBe(1);
    });
  }

  it('rebuilds a ride record that alone was lost (the claim survived) from the vendor, on the next send of the key', async () => {
    const appointmentId = appointmentGid(await addAppointment(simulators, { start: futureIso(21) }));
    const input = { appointmentId, idempotencyKey: `record-${crypto.randomUUID()}`, rideSource: 'sandbox-lyft' };
    const before = bookings('sandbox-lyft');
    const rideId = (await schedule(input)).data!.scheduleRide.id;
    // The vendor moved on meanwhile (a webhook we never saw): the rebuilt record shows the vendor's state.
    simulators.of(lyftSandbox).webhookUrl = null;
    await simulators.of(lyftSandbox).advance(vendorRideIdOf(rideId), 'accepted');
    const rideKeys = (await redis.keys(`${namespace}:store:ride:*`)).concat(await redis.keys(`${namespace}:index:*`));
    expect(rideKeys.length).toBeGreaterThan(0);
    await redis.del(...rideKeys);
    expect((await read(rideId)).data?.ride).toBeNull();

    const again = await schedule(input);
    expect(again.errors).toBeUndefined();
    expect(again.data?.scheduleRide).toMatchObject({ id: rideId, status: 'DRIVER_ASSIGNED' });
    expect(bookings('sandbox-lyft') - before).toBe(1);
    expect((await read(rideId)).data?.ride).toMatchObject({ id: rideId, status: 'DRIVER_ASSIGNED' });
    // Its active-ride index entry is back too, so the reconciler sees the ride again.
    expect(await redis.keys(`${namespace}:index:*`)).not.toHaveLength(0);
  });
});
