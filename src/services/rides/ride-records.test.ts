import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMemoryStore } from '../../../adapters/state/memory';
import type { Ride } from '../../domain/ride';
import { createKeyHasher } from '../../crypto/key-hasher';
import { activeIndexName, LEGACY_ACTIVE_INDEX_KEY } from './active-ride-index';
import { scheduledRide } from '../../../test/shared/ride-fixture';
import { createRideRecords, type NewRideRecord } from './ride-records';

const ride = (vendorRideId: string, overrides: Partial<Ride> = {}): Ride => scheduledRide({ vendorRideId, ...overrides });

const record = (r: Ride): NewRideRecord => ({
  ride: r,
  appointment: { sourceId: 'ehr', localId: `appt-${r.vendorRideId}` },
  patientId: 'p-1',
  timeZone: 'America/Chicago',
  arriveBy: null,
  bookedBy: 'partner',
  bookedAt: '2030-01-01T00:00:00.000Z',
});

const setup = async () => {
  const store = createMemoryStore({ clock: { now: () => Date.now() } });
  const hasher = await createKeyHasher('test-secret');
  return { store, hasher, records: createRideRecords({ store, hasher }) };
};

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('ride records', () => {
  it('creates a ride record once', async () => {
    const { records } = await setup();
    expect(await records.create(record(ride('r1')))).toMatchObject({ ride: { vendorRideId: 'r1' }, revision: expect.any(Number) as number });
    expect(await records.create(record(ride('r1', { status: 'CANCELED' })))).toBeNull();
    expect((await records.get({ sourceId: 'lyft', vendorRideId: 'r1' }))?.ride.status).toBe('SCHEDULED');
  });

  it('loses no update when two writers change one ride at the same time (compare-and-set, retried)', async () => {
    const { records } = await setup();
    await records.create(record(ride('r1')));
    const ref = { sourceId: 'lyft', vendorRideId: 'r1' };
    let runs = 0;
    // Both read the same version; the slower one must see the faster one's write and apply on top of it.
    const addDriver = records.update(ref, async (current) => {
      runs++;
      await pause(20);
      return { ...current, ride: { ...current.ride, driver: { firstName: 'Avery', phone: null, vehicle: { make: null, model: null, color: null, licensePlate: null } } } };
    });
    const addFare = records.update(ref, async (current) => {
      runs++;
      return { ...current, ride: { ...current.ride, fare: { amountMinor: 1200, currency: 'USD' } } };
    });
    const [withDriver, withFare] = await Promise.all([addDriver, addFare]);
    expect(withFare?.changed).toBe(true);
    expect(withDriver?.changed).toBe(true);
    expect(runs).toBe(3);
    const stored = await records.get(ref);
    expect(stored?.ride.driver?.firstName).toBe('Avery');
    expect(stored?.ride.fare?.amountMinor).toBe(1200);
    // Every write has its own, growing revision: the one written last ranks highest.
    expect(withFare!.record.revision).toBeLessThan(withDriver!.record.revision);
    expect(stored?.revision).toBe(withDriver!.record.revision);
  });

  it('gives a record written at the same millisecond as its predecessor a higher revision, and a rebuilt one a revision above the lost one', async () => {
    const store = createMemoryStore({ clock: { now: () => Date.now() } });
    const hasher = await createKeyHasher('test-secret');
    let nowMs = 1_000_000;
    const records = createRideRecords({ store, hasher, now: () => nowMs });
    const created = await records.create(record(ride('r1')));
    const ref = { sourceId: 'lyft', vendorRideId: 'r1' };
    const touch = () => records.update(ref, async (current) => ({ ...current, ride: { ...current.ride, rawStatus: `${current.ride.rawStatus}+` } }));
    const first = await touch();
    const second = await touch();
    expect([created!.revision, first!.record.revision, second!.record.revision]).toEqual([1_000_000, 1_000_001, 1_000_002]);
    // The Store loses the record; the vendor's copy is stored again a little later.
    await store.delete(await hasher.key('ride', ['lyft', 'r1']));
    nowMs += 5;
    expect((await records.create(record(ride('r1'))))!.revision).toBeGreaterThan(second!.record.revision);
  });

  it('writes nothing when the change answers null, and answers null for an unknown ride', async () => {
    const { records } = await setup();
    await records.create(record(ride('r1')));
    expect(await records.update({ sourceId: 'lyft', vendorRideId: 'r1' }, async () => null)).toMatchObject({ changed: false, record: { ride: { status: 'SCHEDULED' } } });
    expect(await records.update({ sourceId: 'lyft', vendorRideId: 'nope' }, async (current) => current)).toBeNull();
  });

  it('lists a source’s rides under way by pickup time, and drops finished ones from the index', async () => {
    const { store, records } = await setup();
    await records.create(record(ride('late', { pickupAt: '2030-01-15T18:00:00.000Z' })));
    await records.create(record(ride('soon', { pickupAt: '2030-01-15T09:00:00.000Z' })));
    await records.create(record(ride('other-source', { sourceId: 'uber' })));
    await records.create(record(ride('done', { status: 'COMPLETED' })));
    expect((await records.activeRides('lyft')).map((r) => r.ride.vendorRideId)).toEqual(['soon', 'late']);
    expect((await records.activeRides('uber')).map((r) => r.ride.vendorRideId)).toEqual(['other-source']);

    await records.update({ sourceId: 'lyft', vendorRideId: 'soon' }, async (current) => ({ ...current, ride: { ...current.ride, status: 'CANCELED' } }));
    expect((await records.activeRides('lyft')).map((r) => r.ride.vendorRideId)).toEqual(['late']);
    expect((await store.indexRange(activeIndexName('lyft'), { limit: 10 })).entries).toHaveLength(1);
  });

  it('moves a ride in the index when its pickup time changes', async () => {
    const { records } = await setup();
    await records.create(record(ride('a', { pickupAt: '2030-01-15T09:00:00.000Z' })));
    await records.create(record(ride('b', { pickupAt: '2030-01-15T10:00:00.000Z' })));
    await records.update({ sourceId: 'lyft', vendorRideId: 'a' }, async (current) => ({ ...current, ride: { ...current.ride, pickupAt: '2030-01-15T11:00:00.000Z' } }));
    expect((await records.activeRides('lyft')).map((r) => r.ride.vendorRideId)).toEqual(['b', 'a']);
  });

  it('drops index entries whose record is gone, and skips (keeps) one that does not parse', async () => {
    const { store, hasher, records } = await setup();
    await records.create(record(ride('kept')));
    await store.indexAdd(activeIndexName('lyft'), 'ride:vanished', 1);
    const broken = await hasher.key('ride', ['lyft', 'broken']);
    await store.set(broken, { ride: 'written by a future deploy' });
    await store.indexAdd(activeIndexName('lyft'), broken, 2);
    expect((await records.activeRides('lyft')).map((r) => r.ride.vendorRideId)).toEqual(['kept']);
    expect((await store.indexRange(activeIndexName('lyft'), { limit: 10 })).entries.map((e) => e.member).sort()).toEqual([broken, await hasher.key('ride', ['lyft', 'kept'])].sort());
  });

  it('imports the JSON list of active rides an older deploy kept', async () => {
    const { store, hasher, records } = await setup();
    const old = record(ride('legacy'));
    await store.set(await hasher.key('ride', ['lyft', 'legacy']), old);
    await store.set(LEGACY_ACTIVE_INDEX_KEY, [{ sourceId: 'lyft', vendorRideId: 'legacy' }, { sourceId: 'lyft', vendorRideId: 'gone' }]);
    expect((await records.activeRides('lyft')).map((r) => [r.ride.vendorRideId, r.revision])).toEqual([['legacy', 0]]);
    expect(await store.get(LEGACY_ACTIVE_INDEX_KEY, z.unknown())).toBeUndefined();
  });
});
