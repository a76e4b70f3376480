import { canTransition, isTerminal, type Ride, type RideStatus, type RideStatusEvent } from '../../domain/ride';
import type { Logger } from '../../ports/logger';
import type { RidePort } from '../../ports/ride-port';
import type { RideEvents } from './ride-events';
import { rideGlobalId } from './ride-ids';
import type { RideRecord, RideRecords, RideRef } from './ride-records';

/**
 * Applies what vendors tell us about a ride (webhook events, fetched snapshots) to the stored
 * record in lifecycle order, and publishes every change to `rideUpdated` subscribers.
 * Webhooks come late, twice and out of order, so an update applies only when `canTransition`
 * allows it; when an event cannot be trusted on its own (unknown status, a step backwards that
 * may be a late delivery or an Uber re-dispatch) the vendor's current state decides.
 */
export type UpdateOutcome = 'applied' | 'unchanged' | 'unknown-ride';

export interface RideUpdates {
  applyEvent(sourceId: string, event: RideStatusEvent): Promise<{ outcome: UpdateOutcome; record: RideRecord | null }>;
  /** Fetches the ride from the vendor and applies it; the vendor's error propagates. */
  refresh(ref: RideRef): Promise<RideRecord | null>;
  /** Applies a snapshot the caller already fetched (after booking or cancelling). */
  applySnapshot(ref: RideRef, snapshot: Ride): Promise<RideRecord | null>;
  /** Writes a new record (a fresh booking) and publishes it. */
  create(record: RideRecord): Promise<void>;
}

/** Statuses whose arrival brings details the event itself lacks (driver, fare, fee). */
const detailStatuses: ReadonlySet<RideStatus> = new Set(['DRIVER_ASSIGNED', 'DRIVER_ARRIVED', 'COMPLETED', 'CANCELED']);

const comparable = (ride: Ride) => JSON.stringify({ ...ride, updatedAt: null });

/**
 * The vendor's view folded into ours. Its status applies only as a lifecycle move; a fetched
 * snapshot is the vendor's current truth, so a step back to REQUESTED there is a re-dispatch.
 * Our own pickup/drop-off (full postal addresses) and scheduled time stay; driver, fare and
 * pending fee come from the vendor.
 */
export function mergeSnapshot(current: Ride, snapshot: Ride): Ride {
  // Same status (even a terminal one) still brings details: the fare arrives with COMPLETED.
  const statusApplies = snapshot.status === current.status || canTransition(current.status, snapshot.status, { allowRedispatch: true });
  if (!statusApplies) return current;
  return {
    ...current,
    status: snapshot.status,
    rawStatus: snapshot.rawStatus,
    statusReason: snapshot.statusReason,
    pickupAt: current.pickupAt ?? snapshot.pickupAt,
    pickup: current.pickup ?? snapshot.pickup,
    dropoff: current.dropoff ?? snapshot.dropoff,
    driver: snapshot.driver ?? (snapshot.status === 'REQUESTED' ? null : current.driver),
    fare: snapshot.fare ?? current.fare,
    cancellation: snapshot.cancellation,
    updatedAt: snapshot.updatedAt,
  };
}

export function createRideUpdates(deps: {
  records: RideRecords;
  events: RideEvents;
  port: (sourceId: string) => RidePort | undefined;
  logger: Logger;
}): RideUpdates {
  const { records, events, logger } = deps;

  /** Writes and publishes when the ride changed; under the ride's lock. */
  const save = async (record: RideRecord, next: Ride): Promise<{ outcome: UpdateOutcome; record: RideRecord }> => {
    if (comparable(next) === comparable(record.ride)) return { outcome: 'unchanged', record };
    const updated = { ...record, ride: next };
    await records.put(updated);
    events.publish(rideGlobalId({ sourceId: next.sourceId, vendorRideId: next.vendorRideId }), updated);
    return { outcome: 'applied', record: updated };
  };

  const fetchSnapshot = async (ref: RideRef): Promise<Ride> => {
    const port = deps.port(ref.sourceId);
    if (!port) throw new Error(`no ride source ${ref.sourceId}`);
    return port.get(ref.vendorRideId);
  };

  const applySnapshot = async (ref: RideRef, snapshot: Ride) =>
    records.withRide(ref, async () => {
      const record = await records.get(ref);
      if (!record) return null;
      return (await save(record, mergeSnapshot(record.ride, snapshot))).record;
    });

  return {
    applySnapshot,

    async refresh(ref) {
      return applySnapshot(ref, await fetchSnapshot(ref));
    },

    async create(record) {
      await records.put(record);
      events.publish(rideGlobalId({ sourceId: record.ride.sourceId, vendorRideId: record.ride.vendorRideId }), record);
    },

    async applyEvent(sourceId, event) {
      const ref = { sourceId, vendorRideId: event.vendorRideId };
      return records.withRide(ref, async () => {
        const record = await records.get(ref);
        if (!record) return { outcome: 'unknown-ride' as const, record: null };
        const current = record.ride;
        // Nothing leaves a terminal state, whatever arrives: no need to ask the vendor.
        if (isTerminal(current.status)) return { outcome: 'unchanged' as const, record };
        const redispatch = event.statusReason === 'REDISPATCHED';
        if (event.status !== null && canTransition(current.status, event.status, { allowRedispatch: redispatch })) {
          let next: Ride = {
            ...current,
            status: event.status,
            rawStatus: event.rawStatus,
            statusReason: event.statusReason ?? (event.status === current.status ? current.statusReason : null),
            driver: redispatch ? null : current.driver,
            updatedAt: event.occurredAt > current.updatedAt ? event.occurredAt : current.updatedAt,
          };
          if (detailStatuses.has(event.status)) {
            // The event says what happened; the vendor's record says who drives and what it costs.
            // Without it the status still stands: details follow on the next read or poll.
            try {
              next = mergeSnapshot(next, await fetchSnapshot(ref));
            } catch (error) {
              logger.warn('ride details unavailable after webhook', { sourceId, error: error instanceof Error ? error.name : 'unknown' });
            }
          }
          return save(record, next);
        }
        // In doubt: an unknown status, or a step back (a late delivery, or a re-dispatch). Ask the
        // vendor; if that fails the caller answers 5xx and the vendor redelivers later.
        return save(record, mergeSnapshot(current, await fetchSnapshot(ref)));
      });
    },
  };
}
