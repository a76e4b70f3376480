import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../adapters/state/memory';
import type { Ride, RideStatus } from '../../domain/ride';
import type { IndexCursor } from '../../ports/store';
import { createKeyHasher } from '../../crypto/key-hasher';
import { createRideLists, type RideListFilter } from './ride-lists';
import { partnerRidesIndexName } from './ride-list-index';
import { createRideRecords, type NewRideRecord } from './ride-records';

const BASE_MS = Date.parse('2030-01-15T13:00:00.000Z');

const ride = (n: number, status: RideStatus = 'SCHEDULED'): Ride => ({
  sourceId: n % 2 ? 'lyft' : 'uber',
  vendorRideId: `r${n}`,
  status,
  rawStatus: status.toLowerCase(),
  statusReason: null,
  pickupAt: new Date(BASE_MS + n * 60_000).toISOString(),
  pickup: null,
  dropoff: null,
  driver: null,
  fare: null,
  cancellation: null,
  updatedAt: '2030-01-01T00:00:00.000Z',
});

const record = (r: Ride, bookedBy = 'partner-a', appointment = `appt-${r.vendorRideId}`): NewRideRecord => ({
  ride: r,
  appointment: { sourceId: 'ehr', localId: appointment },
  patientId: 'p-1',
  timeZone: 'America/Chicago',
  arriveBy: null,
  bookedBy,
  bookedAt: '2030-01-01T00:00:00.000Z',
});

const setup = async () => {
  const store = createMemoryStore({ clock: { now: () => Date.now() } });
  const hasher = await createKeyHasher('test-secret');
  const records = createRideRecords({ store, hasher });
  const lists = createRideLists({ store, hasher, linkedRide: (appointment) => records.linkedRide(appointment), get: (ref) => records.get(ref) });
  return { store, hasher, records, lists };
};

const everyPage = async (lists: Awaited<ReturnType<typeof setup>>['lists'], filter: RideListFilter, first: number, partner = 'partner-a') => {
  const pages: string[][] = [];
  let after: IndexCursor | null = null;
  do {
    const page: Awaited<ReturnType<typeof lists.partnerRides>> = await lists.partnerRides(partner, filter, first, after, () => true);
    pages.push(page.records.map((r) => r.ride.vendorRideId));
    after = page.next;
  } while (after && pages.length < 100);
  return pages;
};

describe('ride lists', () => {
  it('pages a filter that keeps few rides through many index entries, in pickup order, without duplicates', async () => {
    const { records, lists } = await setup();
    for (let n = 0; n < 150; n++) await records.create(record(ride(n, n % 10 === 3 ? 'CANCELED' : 'SCHEDULED')));
    const pages = await everyPage(lists, { status: ['CANCELED'] }, 4);
    const listed = pages.flat();
    expect(listed).toEqual(Array.from({ length: 15 }, (_, i) => `r${i * 10 + 3}`));
    expect(pages.slice(0, -1).every((page) => page.length === 4)).toBe(true);
  });

  it('lists only the partner’s own rides, by pickup range (end exclusive) and ride source', async () => {
    const { records, lists } = await setup();
    for (let n = 0; n < 6; n++) await records.create(record(ride(n)));
    await records.create(record(ride(100), 'partner-b'));
    expect((await everyPage(lists, {}, 10, 'partner-b')).flat()).toEqual(['r100']);
    const range = { pickupFromMs: BASE_MS + 60_000, pickupToMs: BASE_MS + 4 * 60_000 };
    expect((await everyPage(lists, range, 10)).flat()).toEqual(['r1', 'r2', 'r3']);
    expect((await everyPage(lists, { ...range, rideSourceId: 'lyft' }, 10)).flat()).toEqual(['r1', 'r3']);
  });

  it('moves a ride when its pickup changes and drops entries whose record is gone', async () => {
    const { store, hasher, records, lists } = await setup();
    for (let n = 0; n < 3; n++) await records.create(record(ride(n)));
    await records.update({ sourceId: 'uber', vendorRideId: 'r0' }, async (current) => ({ ...current, ride: { ...current.ride, pickupAt: new Date(BASE_MS + 10 * 60_000).toISOString() } }));
    expect((await everyPage(lists, {}, 10)).flat()).toEqual(['r1', 'r2', 'r0']);
    await store.delete(await hasher.key('ride', ['lyft', 'r1']));
    expect((await everyPage(lists, {}, 10)).flat()).toEqual(['r2', 'r0']);
    expect((await store.indexRange(partnerRidesIndexName('partner-a'), { limit: 10 })).entries).toHaveLength(2);
  });

  it('knows every ride of an appointment, a linked one from before the index too, and whether one is under way', async () => {
    const { store, hasher, records, lists } = await setup();
    const appointment = { sourceId: 'ehr', localId: 'appt-shared' };
    await records.create(record(ride(1, 'CANCELED'), 'partner-a', 'appt-shared'));
    expect(await lists.hasActiveRide(appointment)).toBe(false);
    // A ride booked by an older deploy: its record and link, but no appointment index entry.
    const legacy = { ...record(ride(2), 'partner-b', 'appt-shared'), revision: 1 };
    await store.set(await hasher.key('ride', ['uber', 'r2']), legacy);
    await records.link(appointment, { sourceId: 'uber', vendorRideId: 'r2' });
    expect((await lists.appointmentRides(appointment)).map((r) => r.ride.vendorRideId)).toEqual(['r1', 'r2']);
    expect(await lists.hasActiveRide(appointment)).toBe(true);
    expect(await lists.hasActiveRide({ sourceId: 'ehr', localId: 'appt-other' })).toBe(false);
  });
});
