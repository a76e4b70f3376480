import type { LocalRef } from '../../domain/common';
import type { KeyHasher } from '../../crypto/key-hasher';

/**
 * Ordered Store indexes of every ride (under way or finished), beside the per-source active
 * index: one per partner (the rides it booked, for `rides(filter:)`) and one per appointment
 * (every ride to it, for `Appointment.rides` and "does it still need a ride"). Members are the
 * rides' record keys (HMACs), scores their pickup times (epoch ms), as in the active index.
 * Entries are added before the record is written and moved on every change; they are not
 * removed when a finished record expires: readers drop entries whose record is gone.
 */
export const partnerRidesIndexName = (partnerId: string): string => `ride-index:partner:${partnerId}`;

/** The appointment id is PHI-adjacent: its index is named by an HMAC, like the appointment's link. */
export const appointmentRidesIndexName = (hasher: KeyHasher, appointment: LocalRef): Promise<string> =>
  hasher.key('ride-index:appointment', [appointment.sourceId, appointment.localId]);
