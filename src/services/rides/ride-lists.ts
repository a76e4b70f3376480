import type { LocalRef } from '../../domain/common';
import { isTerminal, type RideStatus } from '../../domain/ride';
import { isStateRecordInvalid } from '../../ports/state-record';
import type { IndexCursor, Store } from '../../ports/store';
import type { KeyHasher } from '../../crypto/key-hasher';
import { pickupScore } from './active-ride-index';
import { appointmentRidesIndexName, partnerRidesIndexName } from './ride-list-index';
import { rideRecord, type RideRecord, type RideRef } from './ride-record';

/** Which of a partner's rides to list; absent parts do not filter. */
export interface RideListFilter {
  status?: readonly RideStatus[] | undefined;
  /** Pickup at or after (epoch ms). */
  pickupFromMs?: number | undefined;
  /** Pickup before (epoch ms). */
  pickupToMs?: number | undefined;
  appointment?: LocalRef | undefined;
  rideSourceId?: string | undefined;
}

export interface RidePage {
  records: RideRecord[];
  /** Where to go on (exclusive), or null when the range is done. */
  next: IndexCursor | null;
}

/** Most entries read per index round trip, and round trips per page: a page scans at most 1000 entries. */
const BATCH = 100;
const MAX_ROUNDS = 10;
/** More rides than this to one appointment is not a real appointment; the rest are not shown. */
const MAX_PER_APPOINTMENT = 50;

const loadOrSkip = (store: Store, member: string): Promise<RideRecord | undefined | null> =>
  store.get(member, rideRecord).catch((error: unknown) => {
    // A record that does not parse (counted by the Store) must not fail the whole list.
    if (isStateRecordInvalid(error)) return null;
    throw error;
  });

const matches = (filter: RideListFilter, record: RideRecord): boolean =>
  (!filter.status?.length || filter.status.includes(record.ride.status)) &&
  (!filter.rideSourceId || record.ride.sourceId === filter.rideSourceId) &&
  (!filter.appointment || (record.appointment.sourceId === filter.appointment.sourceId && record.appointment.localId === filter.appointment.localId));

/**
 * Reads of the partner and appointment ride indexes: a range read of the index, then the
 * records, then the filter, so every instance sharing the Store answers the same list.
 */
export function createRideLists(deps: { store: Store; hasher: KeyHasher; linkedRide: (appointment: LocalRef) => Promise<RideRef | undefined>; get: (ref: RideRef) => Promise<RideRecord | undefined> }) {
  const { store } = deps;

  /** Loads the records of index entries; entries whose record expired leave the index. */
  const recordsOf = async (index: string, members: readonly string[]): Promise<(RideRecord | null)[]> => {
    const loaded = await Promise.all(members.map((member) => loadOrSkip(store, member)));
    await Promise.all(members.filter((_, i) => loaded[i] === undefined).map((member) => store.indexRemove(index, member)));
    return loaded.map((record) => record ?? null);
  };

  /** Every ride to the appointment in pickup order, including one booked before the index existed (its link). */
  const appointmentRides = async (appointment: LocalRef): Promise<RideRecord[]> => {
    const index = await appointmentRidesIndexName(deps.hasher, appointment);
    const page = await store.indexRange(index, { limit: MAX_PER_APPOINTMENT });
    const records = (await recordsOf(index, page.entries.map((entry) => entry.member))).filter((record): record is RideRecord => record !== null);
    const linked = await deps.linkedRide(appointment);
    const known = (ref: RideRef) => records.some((record) => record.ride.sourceId === ref.sourceId && record.ride.vendorRideId === ref.vendorRideId);
    if (linked && !known(linked)) {
      const record = await deps.get(linked);
      if (record) records.push(record);
    }
    return records.sort((a, b) => pickupScore(a) - pickupScore(b));
  };

  return {
    appointmentRides,

    /** A page of the partner's rides in pickup order; `visible` drops rides the caller may no longer see. */
    async partnerRides(partnerId: string, filter: RideListFilter, first: number, after: IndexCursor | null, visible: (record: RideRecord) => boolean): Promise<RidePage> {
      const index = partnerRidesIndexName(partnerId);
      const max = filter.pickupToMs === undefined ? undefined : filter.pickupToMs - 1;
      const found: RideRecord[] = [];
      let cursor = after;
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const page = await store.indexRange(index, { min: filter.pickupFromMs, max, limit: Math.min(BATCH, Math.max(first, 20)), after: cursor });
        const records = await recordsOf(index, page.entries.map((entry) => entry.member));
        for (const [i, entry] of page.entries.entries()) {
          const record = records[i];
          if (record && matches(filter, record) && visible(record)) found.push(record);
          if (found.length === first) {
            const isLast = i === page.entries.length - 1 && page.next === null;
            return { records: found, next: isLast ? null : { score: entry.score, member: entry.member } };
          }
        }
        if (!page.next) return { records: found, next: null };
        cursor = page.next;
      }
      // Scanned enough for one request: a short page, and the partner reads on from here.
      return { records: found, next: cursor };
    },

    /** Has the appointment a ride under way, booked by anyone through this gateway? */
    async hasActiveRide(appointment: LocalRef): Promise<boolean> {
      return (await appointmentRides(appointment)).some((record) => !isTerminal(record.ride.status));
    },
  };
}

export type RideLists = ReturnType<typeof createRideLists>;
