import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../adapters/state/memory';
import { createKeyHasher } from '../../crypto/key-hasher';
import type { Ride } from '../../domain/ride';
import { scheduledRide } from '../../../test/shared/ride-fixture';
import { newerOnly } from './newer-only';
import { createRideEvents } from './ride-events';
import { createRideRecords, type RideRecord } from './ride-records';

const ride: Ride = scheduledRide();
const RIDE_ID = 'Ride:lyft:r1';
/** yoga's pub/sub subscribes on the first next(): let it run before publishing. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('rideUpdated delivery order', () => {
  it('drops a state older than the last one delivered, as when two instances publish their writes out of order', async () => {
    const store = createMemoryStore({ clock: { now: () => Date.now() } });
    const records = createRideRecords({ store, hasher: await createKeyHasher('test-secret') });
    const events = createRideEvents();
    const created = await records.create({
      ride,
      appointment: { sourceId: 'ehr', localId: 'a1' },
      patientId: null,
      timeZone: 'UTC',
      arriveBy: null,
      bookedBy: 'p',
      bookedAt: '2030-01-01T00:00:00.000Z',
    });
    const ref = { sourceId: 'lyft', vendorRideId: 'r1' };
    const moveTo = async (status: Ride['status'], rawStatus: string) =>
      (await records.update(ref, async (current) => ({ ...current, ride: { ...current.ride, status, rawStatus } })))!.record;
    const stream = newerOnly(events.subscribe(RIDE_ID), created!.revision);
    const delivered: RideRecord[] = [];
    const consumed = (async () => {
      for await (const record of stream) {
        delivered.push(record);
        if (record.ride.status === 'COMPLETED') break;
      }
    })();
    await settle();
    // Instance A writes "assigned", instance B then writes "arrived"; B publishes first, A last.
    const assigned = await moveTo('DRIVER_ASSIGNED', 'accepted');
    const arrived = await moveTo('DRIVER_ARRIVED', 'arrived');
    events.publish(RIDE_ID, arrived);
    events.publish(RIDE_ID, assigned);
    events.publish(RIDE_ID, arrived);
    const completed = await moveTo('COMPLETED', 'droppedOff');
    events.publish(RIDE_ID, completed);
    await consumed;
    expect(delivered.map((record) => record.ride.status)).toEqual(['DRIVER_ARRIVED', 'COMPLETED']);
  });

  it('delivers states without a revision (published by an older deploy), and releases the subscription on return', async () => {
    const events = createRideEvents();
    const source = events.subscribe(RIDE_ID);
    const stream = newerOnly(source, 10);
    const legacy = { ride, appointment: { sourceId: 'ehr', localId: 'a1' }, patientId: null, timeZone: 'UTC', arriveBy: null, bookedBy: 'p', bookedAt: 'x' } as unknown as RideRecord;
    const first = stream.next();
    await settle();
    events.publish(RIDE_ID, legacy);
    expect((await first).value).toEqual(legacy);
    await stream.return?.();
    expect((await source.next()).done).toBe(true);
  });
});
