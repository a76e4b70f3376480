import { z } from 'zod';
import type { Store } from '../../ports/store';
import { rideRef, type RideRecord } from './ride-record';

/**
 * The rides still under way, one ordered Store index per ride source, for the reconciler (and
 * for reads by pickup date range). Members are the rides' record keys (HMACs, PHI-free, so the
 * index needs no encryption); the score is the pickup time in epoch ms, so a range read answers
 * "rides picking up between a and b" and the reconciler meets the soonest pickups first.
 *
 * Written before an active record and removed after a finished one: a crash in between leaves
 * at worst an entry whose record is finished or gone, which readers drop, never an active ride
 * the reconciler cannot see.
 */
export const activeIndexName = (sourceId: string): string => `ride-index:active:${sourceId}`;

/** When the ride picks up (epoch ms): its pickup time, else when the rider should arrive, else when it was booked. */
export const pickupScore = (record: RideRecord): number => {
  for (const time of [record.ride.pickupAt, record.arriveBy, record.bookedAt]) {
    const ms = time ? Date.parse(time) : Number.NaN;
    if (Number.isFinite(ms)) return ms;
  }
  return 0;
};

/** Before the ordered index, one JSON list of refs under this key held every active ride. */
export const LEGACY_ACTIVE_INDEX_KEY = 'ride-index:active';
export const legacyActiveIndex = z.array(rideRef);

export const PAGE_SIZE = 500;

/** Every member of a source's index in score order, page by page. */
export async function* activeMembers(store: Store, sourceId: string): AsyncGenerator<string[]> {
  let after: { score: number; member: string } | null = null;
  do {
    const page = await store.indexRange(activeIndexName(sourceId), { limit: PAGE_SIZE, after });
    if (page.entries.length > 0) yield page.entries.map((entry) => entry.member);
    after = page.next;
  } while (after);
}
