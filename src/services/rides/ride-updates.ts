import { canTransition, isTerminal, type Ride, type RideStatus, type RideStatusEvent } from '../../domain/ride';
import type { Logger } from '../../ports/logger';
import type { RidePort } from '../../ports/ride-port';
import type { RideEvents } from './ride-events';
import { rideGlobalId } from './ride-ids';
import type { NewRideRecord, RideRecord, RideRecords, RideRef } from './ride-records';

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
  /** Stores the record of a fresh booking and publishes it; a ride that has a record already keeps it. */
  create(record: NewRideRecord): Promise<void>;
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

  /** The record with `next` as its ride, or null when nothing changed (then nothing is written). */
  const changedTo = (record: RideRecord, next: Ride): RideRecord | null => (comparable(next) === comparable(record.ride) ? null : { ...record, ride: next });

  /** Compare-and-set update of the ride's record; publishes only what was written. */
  const update = async (ref: RideRef, change: (record: RideRecord) => Promise<RideRecord | null>) => {
    const result = await records.update(ref, change);
    if (result?.changed) events.publish(rideGlobalId(ref), result.record);
    return result;
  };

  const fetchSnapshot = async (ref: RideRef): Promise<Ride> => {
    const port = deps.port(ref.sourceId);
    if (!port) throw new Error(`no ride source ${ref.sourceId}`);
    return port.get(ref.vendorRideId);
  };

  const applySnapshot = async (ref: RideRef, snapshot: Ride) =>
    (await update(ref, async (record) => changedTo(record, mergeSnapshot(record.ride, snapshot))))?.record ?? null;

  /** The event folded into the stored ride; may ask the vendor (details, or when the event is in doubt). */
  const afterEvent = async (ref: RideRef, record: RideRecord, event: RideStatusEvent): Promise<RideRecord | null> => {
    const current = record.ride;
    // Nothing leaves a terminal state, whatever arrives: no need to ask the vendor.
    if (isTerminal(current.status)) return null;
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
          logger.warn('ride details unavailable after webhook', { sourceId: ref.sourceId, error: error instanceof Error ? error.name : 'unknown' });
        }
      }
      return changedTo(record, next);
    }
    // In doubt: an unknown status, or a step back (a late delivery, or a re-dispatch). Ask the
    // vendor; if that fails the caller answers 5xx and the vendor redelivers later.
    return changedTo(record, mergeSnapshot(current, await fetchSnapshot(ref)));
  };

  return {
    applySnapshot,

    async refresh(ref) {
      return applySnapshot(ref, await fetchSnapshot(ref));
    },

    async create(fresh) {
      const record = await records.create(fresh);
      if (record) events.publish(rideGlobalId({ sourceId: record.ride.sourceId, vendorRideId: record.ride.vendorRideId }), record);
    },

    async applyEvent(sourceId, event) {
      const ref = { sourceId, vendorRideId: event.vendorRideId };
      const result = await update(ref, (record) => afterEvent(ref, record, event));
      if (!result) return { outcome: 'unknown-ride', record: null };
      return { outcome: result.changed ? 'applied' : 'unchanged', record: result.record };
    },
  };
}
