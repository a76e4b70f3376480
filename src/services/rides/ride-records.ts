import type { LocalRef } from '../../domain/common';
import { isTerminal, type Ride } from '../../domain/ride';
import type { Store } from '../../ports/store';
import type { KeyHasher } from '../../crypto/key-hasher';
import type { StoreLocks } from './store-lock';

/**
 * What the gateway remembers about the rides it booked, in the Store (Redis in production, so
 * every instance sees the same): the ride as last known, the appointment it serves, the
 * appointment's link back to it, and an index of rides still under way for reconciliation.
 * Key names are HMACs of the identifying parts; values hold addresses and are encrypted at rest
 * by the Store when a key is configured.
 */
export interface RideRef {
  sourceId: string;
  vendorRideId: string;
}

export interface RideRecord {
  ride: Ride;
  /** The EHR appointment the ride takes the patient to. */
  appointment: LocalRef;
  /** The patient's id in that EHR, for audit trails (ids only). */
  patientId: string | null;
  /** IANA zone the ride's times are shown in: the appointment location's. */
  timeZone: string;
  /** When the rider should be at the door of the clinic: appointment start minus the arrival buffer. */
  arriveBy: string | null;
  bookedBy: string;
  bookedAt: string;
}

/** Rides that ended are kept this long for reads and audits, then dropped. */
const FINISHED_TTL_SECONDS = 90 * 24 * 3600;
/** Appointment links outlive their rides' records a little; a stale link just reads as "no ride". */
const LINK_TTL_SECONDS = 400 * 24 * 3600;
const ACTIVE_INDEX_KEY = 'ride-index:active';

const sameRef = (a: RideRef, b: RideRef) => a.sourceId === b.sourceId && a.vendorRideId === b.vendorRideId;

export interface RideRecords {
  get(ref: RideRef): Promise<RideRecord | undefined>;
  /** Writes the record; finished rides get a TTL and leave the active index. */
  put(record: RideRecord): Promise<void>;
  /** Runs a read-modify-write of one ride's record with no other instance doing the same. */
  withRide<T>(ref: RideRef, fn: () => Promise<T>): Promise<T>;
  linkedRide(appointment: LocalRef): Promise<RideRef | undefined>;
  link(appointment: LocalRef, ref: RideRef): Promise<void>;
  /** Serializes bookings for one appointment (one active ride per appointment). */
  withAppointment<T>(appointment: LocalRef, fn: () => Promise<T>, ttlSeconds: number): Promise<T>;
  activeRides(): Promise<RideRef[]>;
}

export function createRideRecords(deps: { store: Store; hasher: KeyHasher; locks: StoreLocks }): RideRecords {
  const { store, hasher, locks } = deps;
  const rideKey = (ref: RideRef) => hasher.key('ride', [ref.sourceId, ref.vendorRideId]);
  const linkKey = (appointment: LocalRef) => hasher.key('ride-appt', [appointment.sourceId, appointment.localId]);

  /** Changes the index only when membership changes; the lease is taken only then (most updates keep it). */
  const updateIndex = async (change: (refs: RideRef[]) => RideRef[] | null) => {
    if (!change((await store.get<RideRef[]>(ACTIVE_INDEX_KEY)) ?? [])) return;
    await locks.withLock(ACTIVE_INDEX_KEY, async () => {
      const next = change((await store.get<RideRef[]>(ACTIVE_INDEX_KEY)) ?? []);
      if (next) await store.set(ACTIVE_INDEX_KEY, next);
    });
  };

  return {
    async get(ref) {
      return store.get<RideRecord>(await rideKey(ref));
    },

    async put(record) {
      const ref = { sourceId: record.ride.sourceId, vendorRideId: record.ride.vendorRideId };
      const finished = isTerminal(record.ride.status);
      await store.set(await rideKey(ref), record, finished ? FINISHED_TTL_SECONDS : undefined);
      await updateIndex((refs) => {
        const listed = refs.some((item) => sameRef(item, ref));
        if (finished) return listed ? refs.filter((item) => !sameRef(item, ref)) : null;
        return listed ? null : [...refs, ref];
      });
    },

    async withRide(ref, fn) {
      // Long enough for a vendor read (with its retries) inside; a crashed holder blocks for at most this.
      return locks.withLock(await rideKey(ref), fn, { ttlSeconds: 60 });
    },

    async linkedRide(appointment) {
      return store.get<RideRef>(await linkKey(appointment));
    },

    async link(appointment, ref) {
      await store.set(await linkKey(appointment), ref, LINK_TTL_SECONDS);
    },

    async withAppointment(appointment, fn, ttlSeconds) {
      return locks.withLock(await hasher.key('ride-appt-booking', [appointment.sourceId, appointment.localId]), fn, { ttlSeconds, waitMs: ttlSeconds * 1000 });
    },

    async activeRides() {
      return (await store.get<RideRef[]>(ACTIVE_INDEX_KEY)) ?? [];
    },
  };
}
