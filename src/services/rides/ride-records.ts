import { isTerminal } from '../../domain/ride';
import type { LocalRef } from '../../domain/common';
import { isStateRecordInvalid } from '../../ports/state-record';
import type { Store } from '../../ports/store';
import type { KeyHasher } from '../../crypto/key-hasher';
import { activeIndexName, activeMembers, LEGACY_ACTIVE_INDEX_KEY, legacyActiveIndex, pickupScore } from './active-ride-index';
import { appointmentRidesIndexName, partnerRidesIndexName } from './ride-list-index';
import { nextRevision, rideRecord, rideRef, type NewRideRecord, type RideRecord, type RideRef } from './ride-record';
import { updateWithCompareAndSet } from './versioned-update';

export { rideRecord, rideRef, type NewRideRecord, type RideRecord, type RideRef } from './ride-record';

/**
 * What the gateway remembers about the rides it booked, in the Store (Redis in production, so
 * every instance sees the same): the ride as last known, the appointment it serves, the
 * appointment's link back to it, and per-source ordered indexes of rides still under way.
 * Key names are HMACs of the identifying parts; values hold addresses and are encrypted at rest
 * by the Store when a key is configured.
 */
export interface RideRecords {
  get(ref: RideRef): Promise<RideRecord | undefined>;
  /** Stores the record of a fresh booking (its first revision); null (nothing written) when the ride has one already. */
  create(record: NewRideRecord): Promise<RideRecord | null>;
  /**
   * Read-modify-write of one ride's record by compare-and-set: `change` answers the next record
   * (null: keep it) and runs again if another instance wrote in between; each write gets the next
   * revision. Null when there is no record.
   */
  update(ref: RideRef, change: (current: RideRecord) => Promise<RideRecord | null>): Promise<{ record: RideRecord; changed: boolean } | null>;
  linkedRide(appointment: LocalRef): Promise<RideRef | undefined>;
  link(appointment: LocalRef, ref: RideRef): Promise<void>;
  /** The rides of `sourceId` still under way, soonest pickup first. */
  activeRides(sourceId: string): Promise<RideRecord[]>;
}

/** Rides that ended are kept this long for reads and audits, then dropped. */
const FINISHED_TTL_SECONDS = 90 * 24 * 3600;
/** Appointment links outlive their rides' records a little; a stale link just reads as "no ride". */
const LINK_TTL_SECONDS = 400 * 24 * 3600;

const refOf = (record: RideRecord): RideRef => ({ sourceId: record.ride.sourceId, vendorRideId: record.ride.vendorRideId });
/** null for a record that is there but unreadable: kept in the index, left out of this pass. */
const skipInvalid = (error: unknown): null => {
  if (isStateRecordInvalid(error)) return null;
  throw error;
};
const ttlOf = (record: RideRecord) => (isTerminal(record.ride.status) ? FINISHED_TTL_SECONDS : undefined);

export function createRideRecords(deps: { store: Store; hasher: KeyHasher; now?: () => number }): RideRecords {
  const { store, hasher } = deps;
  const now = deps.now ?? Date.now;
  const rideKey = (ref: RideRef) => hasher.key('ride', [ref.sourceId, ref.vendorRideId]);
  const linkKey = (appointment: LocalRef) => hasher.key('ride-appt', [appointment.sourceId, appointment.localId]);

  const indexBeforeWrite = async (key: string, record: RideRecord) => {
    const score = pickupScore(record);
    const writes = [
      // Every ride, finished or not: what the partner booked, and what went to the appointment.
      store.indexAdd(partnerRidesIndexName(record.bookedBy), key, score),
      appointmentRidesIndexName(hasher, record.appointment).then((index) => store.indexAdd(index, key, score)),
    ];
    if (!isTerminal(record.ride.status)) writes.push(store.indexAdd(activeIndexName(record.ride.sourceId), key, score));
    await Promise.all(writes);
  };
  const indexAfterWrite = async (key: string, record: RideRecord) => {
    if (isTerminal(record.ride.status)) await store.indexRemove(activeIndexName(record.ride.sourceId), key);
  };

  /** Moves the refs of the JSON list an older deploy kept into the per-source indexes, once. */
  const importLegacyIndex = async () => {
    const refs = await store.get(LEGACY_ACTIVE_INDEX_KEY, legacyActiveIndex);
    if (!refs) return;
    for (const ref of refs) {
      const key = await rideKey(ref);
      const record = await store.get(key, rideRecord);
      if (record) await indexBeforeWrite(key, record);
    }
    await store.delete(LEGACY_ACTIVE_INDEX_KEY);
  };

  return {
    async get(ref) {
      return store.get(await rideKey(ref), rideRecord);
    },

    async create(fresh) {
      const record: RideRecord = { ...fresh, revision: nextRevision(0, now()) };
      const key = await rideKey(refOf(record));
      await indexBeforeWrite(key, record);
      if (!(await store.compareAndSet(key, null, record, ttlOf(record)))) return null;
      await indexAfterWrite(key, record);
      return record;
    },

    async update(ref, change) {
      const key = await rideKey(ref);
      const revised = async (current: RideRecord) => {
        const next = await change(current);
        return next && { ...next, revision: nextRevision(current.revision, now()) };
      };
      const result = await updateWithCompareAndSet(store, key, rideRecord, revised, { ttlSeconds: ttlOf });
      if (!result) return null;
      if (result.changed) {
        // The members are in the indexes already; this moves their scores (or leaves the active index).
        await indexBeforeWrite(key, result.value);
        await indexAfterWrite(key, result.value);
      }
      return { record: result.value, changed: result.changed };
    },

    async linkedRide(appointment) {
      return store.get(await linkKey(appointment), rideRef);
    },

    async link(appointment, ref) {
      await store.set(await linkKey(appointment), ref, LINK_TTL_SECONDS);
    },

    async activeRides(sourceId) {
      await importLegacyIndex();
      const active: RideRecord[] = [];
      for await (const members of activeMembers(store, sourceId)) {
        // A record that does not parse (counted by the Store) must not stop the pass over the others.
        const records = await Promise.all(members.map((member) => store.get(member, rideRecord).catch(skipInvalid)));
        const finished: string[] = [];
        members.forEach((member, index) => {
          const record = records[index];
          if (record === null) return;
          if (record && !isTerminal(record.ride.status)) active.push(record);
          // Finished or expired since it was indexed (or a crash between record and index): drop the entry.
          else finished.push(member);
        });
        await Promise.all(finished.map((member) => store.indexRemove(activeIndexName(sourceId), member)));
      }
      return active;
    },
  };
}
