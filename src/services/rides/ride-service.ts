import type { LocalRef } from '../../domain/common';
import { GatewayError } from '../../domain/errors';
import { geoPoint, isFeeConfirmationRequired, isTerminal, type GeoPoint, type RideEstimate } from '../../domain/ride';
import type { AuditSink } from '../../ports/audit-sink';
import type { Clock } from '../../ports/clock';
import type { EhrPort } from '../../ports/ehr-port';
import type { Logger } from '../../ports/logger';
import type { IndexCursor, Store } from '../../ports/store';
import type { KeyHasher } from '../../crypto/key-hasher';
import { createAppointmentBookingClaims } from './appointment-booking-claim';
import { loadAppointmentTrip } from './appointment-trip';
import { createExactlyOnce } from './exactly-once';
import type { RideBenefitChecker } from './ride-benefit-check';
import { createRideBooking, ehrFor, type ScheduleRideInput } from './ride-booking';
import { safeError, type RideCaller, type RideSource, type SafeError } from './ride-caller';
import { createRideEvents, type RideEvents } from './ride-events';
import { listeningNow } from './listening-now';
import { newerOnly } from './newer-only';
import { appointmentGlobalId, patientGlobalId, rideGlobalId } from './ride-ids';
import { createRideReconciler, type RideReconciler } from './ride-reconciler';
import { createRideLists, type RideListFilter, type RidePage } from './ride-lists';
import { createRideRecords, type RideRecord, type RideRef } from './ride-records';
import { homePickup, locationDropoff } from './ride-request-parts';
import { createRideUpdates } from './ride-updates';
import { createRideWebhooks, type RideWebhooks } from './ride-webhooks';

export interface RideEstimateRequest {
  /** Estimate the trip to this appointment (pickup defaults to the patient's home). */
  appointment?: LocalRef | undefined;
  pickup?: GeoPoint | undefined;
  dropoff?: GeoPoint | undefined;
  productId?: string | undefined;
}

/** One ride source's answer: its estimates, or why it has none (the others still answer). */
export interface SourceEstimates {
  sourceId: string;
  estimates: RideEstimate[];
  error: SafeError | null;
}

export interface RideService {
  readonly sourceIds: readonly string[];
  estimate(caller: RideCaller, input: RideEstimateRequest): Promise<SourceEstimates[]>;
  schedule(caller: RideCaller, input: ScheduleRideInput): Promise<RideRecord>;
  /** The ride as it stands (refreshed from the vendor when under way), or null when we never booked it. */
  get(caller: RideCaller, ref: RideRef): Promise<RideRecord | null>;
  forAppointment(caller: RideCaller, appointment: LocalRef): Promise<RideRecord | null>;
  /** Every ride to the appointment the caller may see (its sources), as stored, in pickup order. */
  ridesForAppointment(caller: RideCaller, appointment: LocalRef): Promise<RideRecord[]>;
  /** The rides the caller booked, as stored, in pickup order; a page may be short when the filter drops many. */
  list(caller: RideCaller, filter: RideListFilter, first: number, after: IndexCursor | null): Promise<RidePage>;
  /** Has the appointment a ride under way, booked by any partner through this gateway? Reveals no ride. */
  hasActiveRide(appointment: LocalRef): Promise<boolean>;
  /** Cancels; FEE_CONFIRMATION_REQUIRED (fee and token in details) until the fee is accepted. */
  cancel(caller: RideCaller, ref: RideRef, options?: { confirmationToken?: string | undefined }): Promise<RideRecord>;
  /** The ride now, and its updates (never one older than the last delivered) until the iterator is returned. */
  watch(caller: RideCaller, ref: RideRef): Promise<{ current: RideRecord; updates: AsyncIterableIterator<RideRecord> }>;
  readonly webhooks: RideWebhooks;
  readonly reconciler: RideReconciler;
}

export interface RideServiceDeps {
  sources: ReadonlyMap<string, RideSource>;
  /** Uncached EHR reads by source id (booking and cancellation checks must be current). */
  ehr: (sourceId: string) => EhrPort | undefined;
  store: Store;
  hasher: KeyHasher;
  clock: Clock;
  logger: Logger;
  /** For actions the gateway takes on its own (cancelling the ride of a cancelled appointment). */
  auditSink: AuditSink;
  events?: RideEvents;
  /** Transportation benefit checks for partners whose `rideBenefitCheck` is not off. */
  benefits?: RideBenefitChecker | undefined;
}

/** A read within this long of the last vendor refresh serves the stored ride (spares the vendor budget). */
const REFRESH_AFTER_MS = 5_000;

export function createRideService(deps: RideServiceDeps): RideService {
  const { clock, logger } = deps;
  const records = createRideRecords({ store: deps.store, hasher: deps.hasher, now: () => clock.now() });
  const claims = createAppointmentBookingClaims({ store: deps.store, hasher: deps.hasher, now: () => clock.now() });
  const events = deps.events ?? createRideEvents();
  const updates = createRideUpdates({ records, events, port: (id) => deps.sources.get(id)?.port, logger });
  const exactlyOnce = createExactlyOnce({ store: deps.store, hasher: deps.hasher, now: () => clock.now() });
  const booking = createRideBooking({ sources: deps.sources, ehr: deps.ehr, records, claims, updates, exactlyOnce, hasher: deps.hasher, clock, logger, benefits: deps.benefits });
  const reconciler = createRideReconciler({ sources: deps.sources, ehr: deps.ehr, records, updates, store: deps.store, auditSink: deps.auditSink, clock, logger });
  const webhooks = createRideWebhooks({ sources: deps.sources, updates, store: deps.store, hasher: deps.hasher, clock, logger });
  const lists = createRideLists({ store: deps.store, hasher: deps.hasher, linkedRide: (appointment) => records.linkedRide(appointment), get: (ref) => records.get(ref) });
  const refreshedAt = new Map<string, number>();

  const idsOf = (record: RideRecord): string[] => [
    rideGlobalId({ sourceId: record.ride.sourceId, vendorRideId: record.ride.vendorRideId }),
    appointmentGlobalId(record.appointment),
    ...(record.patientId ? [patientGlobalId(record.appointment.sourceId, record.patientId)] : []),
  ];

  /** Runs an action and audits it (ids only), as a failure too when it throws. */
  async function audited<T>(caller: RideCaller, action: string, sourceId: string | null, ids: string[], run: () => Promise<T>, idsAfter?: (result: T) => string[]): Promise<T> {
    let result: T;
    try {
      result = await run();
    } catch (error) {
      await caller.audit({ action, resourceType: 'Ride', resourceIds: ids, sourceId, outcome: 'failure' }).catch(() => undefined);
      throw error;
    }
    await caller.audit({ action, resourceType: 'Ride', resourceIds: idsAfter ? idsAfter(result) : ids, sourceId });
    return result;
  }

  const findRecord = async (caller: RideCaller, ref: RideRef): Promise<RideRecord | undefined> => {
    caller.reach(ref.sourceId);
    const record = await records.get(ref);
    if (record) caller.reach(record.appointment.sourceId);
    return record;
  };

  /** Brings a ride under way up to date: cancelled with its appointment, else refreshed from the vendor. */
  const freshen = async (record: RideRecord): Promise<RideRecord> => {
    if (isTerminal(record.ride.status)) return record;
    const checked = await reconciler.cancelIfStranded(record);
    if (checked !== record) return checked;
    const key = `${record.ride.sourceId}\u001f${record.ride.vendorRideId}`;
    if (clock.now() - (refreshedAt.get(key) ?? 0) < REFRESH_AFTER_MS) return record;
    try {
      const refreshed = await updates.refresh({ sourceId: record.ride.sourceId, vendorRideId: record.ride.vendorRideId });
      refreshedAt.set(key, clock.now());
      if (refreshedAt.size > 10_000) refreshedAt.clear();
      return refreshed ?? record;
    } catch (error) {
      logger.warn('ride refresh failed; serving the stored ride', { sourceId: record.ride.sourceId, error: error instanceof GatewayError ? error.code : 'unknown' });
      return record;
    }
  };

  /** The ride(id:) rule: the caller reaches both the ride's source and its appointment's. */
  const visibleTo = (caller: RideCaller) => (record: RideRecord): boolean => {
    try {
      caller.reach(record.ride.sourceId);
      caller.reach(record.appointment.sourceId);
      return true;
    } catch (error) {
      if (error instanceof GatewayError && error.code === 'FORBIDDEN') return false;
      throw error;
    }
  };

  const get = async (caller: RideCaller, ref: RideRef): Promise<RideRecord | null> => {
    const record = await findRecord(caller, ref);
    if (!record) return null;
    return audited(caller, 'read', ref.sourceId, idsOf(record), () => freshen(record));
  };

  return {
    sourceIds: [...deps.sources.keys()],
    webhooks,
    reconciler,
    get,

    async estimate(caller, input) {
      let pickup = input.pickup;
      let dropoff = input.dropoff;
      let ids: string[] = [];
      if (input.appointment) {
        const trip = await loadAppointmentTrip(ehrFor(deps, caller, input.appointment.sourceId), input.appointment, clock.now());
        ids = [appointmentGlobalId(input.appointment), patientGlobalId(trip.appointment.sourceId, trip.patient.localId)];
        pickup ??= homePickup(trip.patient);
        dropoff ??= locationDropoff(trip.location);
      }
      const from = geoPoint.safeParse(pickup);
      const to = geoPoint.safeParse(dropoff);
      if (!from.success || !to.success) {
        throw new GatewayError('BAD_INPUT', 'Give an appointmentId, or both pickup and dropoff coordinates', { details: { field: from.success ? 'dropoff' : 'pickup' } });
      }
      const sourceIds = caller.rideSourceIds.filter((id) => deps.sources.has(id));
      if (sourceIds.length === 0) throw new GatewayError('FORBIDDEN', 'This partner may use no ride source');
      const run = () =>
        Promise.all(
          sourceIds.map(async (sourceId): Promise<SourceEstimates> => {
            try {
              const port = deps.sources.get(sourceId)?.port;
              if (!port) throw new GatewayError('INTERNAL', 'Ride source vanished');
              const estimates = await port.estimate({ pickup: from.data, dropoff: to.data, productId: input.productId });
              return { sourceId, estimates, error: null };
            } catch (error) {
              if (!(error instanceof GatewayError)) logger.error('ride estimate failed unexpectedly', { sourceId, error: error instanceof Error ? error.name : 'unknown' });
              return { sourceId, estimates: [], error: safeError(error) };
            }
          }),
        );
      return audited(caller, 'estimate', null, ids, run);
    },

    async schedule(caller, input) {
      return audited(caller, 'book', null, [appointmentGlobalId(input.appointment)], () => booking.schedule(caller, input), idsOf);
    },

    async forAppointment(caller, appointment) {
      caller.reach(appointment.sourceId);
      const ref = await records.linkedRide(appointment);
      if (!ref) return null;
      try {
        return await get(caller, ref);
      } catch (error) {
        // A ride booked through a source this partner cannot use is not its to see.
        if (error instanceof GatewayError && error.code === 'FORBIDDEN') return null;
        throw error;
      }
    },

    async ridesForAppointment(caller, appointment) {
      caller.reach(appointment.sourceId);
      const visible = (await lists.appointmentRides(appointment)).filter(visibleTo(caller));
      if (visible.length > 0) await caller.audit({ action: 'read', resourceType: 'Ride', resourceIds: [...new Set(visible.flatMap(idsOf))], sourceId: null });
      return visible;
    },

    async list(caller, filter, first, after) {
      const page = await lists.partnerRides(caller.partnerId, filter, first, after, visibleTo(caller));
      // Ids only, and only of what was listed (an empty list reads nothing).
      if (page.records.length > 0) await caller.audit({ action: 'search', resourceType: 'Ride', resourceIds: [...new Set(page.records.flatMap(idsOf))], sourceId: null });
      return page;
    },

    hasActiveRide: (appointment) => lists.hasActiveRide(appointment),

    async cancel(caller, ref, options = {}) {
      const record = await findRecord(caller, ref);
      if (!record) throw new GatewayError('NOT_FOUND', 'No such ride', { details: { field: 'rideId' } });
      return audited(caller, 'cancel', ref.sourceId, idsOf(record), async () => {
        if (record.ride.status === 'CANCELED') return record;
        if (isTerminal(record.ride.status)) {
          throw new GatewayError('CONFLICT', 'The ride is over and cannot be cancelled', { details: { reason: 'RIDE_FINISHED', status: record.ride.status } });
        }
        const port = deps.sources.get(ref.sourceId)?.port;
        if (!port) throw new GatewayError('NOT_FOUND', 'No such ride', { details: { field: 'rideId' } });
        const result = await port.cancel(ref.vendorRideId, options.confirmationToken ? { confirmationToken: options.confirmationToken } : {});
        if (isFeeConfirmationRequired(result)) {
          const { fee, token, expiresAt } = result.feeConfirmationRequired;
          throw new GatewayError('FEE_CONFIRMATION_REQUIRED', 'Cancelling this ride now costs a fee; cancel again with confirmationToken to accept it', {
            details: { rideId: rideGlobalId(ref), fee: { amountMinor: fee.amountMinor, currency: fee.currency }, confirmationToken: token, expiresAt },
          });
        }
        return (await updates.applySnapshot(ref, result)) ?? record;
      });
    },

    async watch(caller, ref) {
      if (!(await findRecord(caller, ref))) throw new GatewayError('NOT_FOUND', 'No such ride', { details: { field: 'id' } });
      // Listening before reading, so no update falls between the read and the subscription.
      const stream = listeningNow(events.subscribe(rideGlobalId(ref)));
      try {
        const current = await get(caller, ref);
        if (!current) throw new GatewayError('NOT_FOUND', 'No such ride', { details: { field: 'id' } });
        return { current, updates: newerOnly(stream, current.revision) };
      } catch (error) {
        await stream.return?.();
        throw error;
      }
    },
  };
}
