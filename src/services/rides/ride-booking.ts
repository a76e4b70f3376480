import type { z } from 'zod';
import type { LocalRef } from '../../domain/common';
import { GatewayError } from '../../domain/errors';
import type { RideBenefitCheck } from '../../domain/ride-benefit-check';
import { isTerminal, rideNote, rideRequestPlace, type Ride, type RideRequest, type RideRequestPlace } from '../../domain/ride';
import type { Clock } from '../../ports/clock';
import type { EhrPort } from '../../ports/ehr-port';
import type { Logger } from '../../ports/logger';
import type { KeyHasher } from '../../crypto/key-hasher';
import type { AppointmentBookingClaims } from './appointment-booking-claim';
import { assertBenefitAllows, type RideBenefitChecker } from './ride-benefit-check';
import { loadAppointmentTrip, type AppointmentTrip } from './appointment-trip';
import type { ExactlyOnce } from './exactly-once';
import { chooseProduct, planPickup } from './pickup-time';
import { bookingOutcomeUnknown, notARideSource, type RideCaller, type RideSource } from './ride-caller';
import type { RideRecord, RideRecords, RideRef } from './ride-records';
import { homePickup, locationDropoff, riderFromPatient } from './ride-request-parts';
import { rideExternalReference } from './ride-external-reference';
import { appointmentGlobalId, rideGlobalId } from './ride-ids';
import type { RideUpdates } from './ride-updates';
import { formatInZone } from './zoned-time';

export interface ScheduleRideInput {
  appointment: LocalRef;
  idempotencyKey: string;
  rideSourceId?: string | undefined;
  pickup?: RideRequestPlace | undefined;
  productId?: string | undefined;
  note?: string | undefined;
}

export interface RideBookingDeps {
  sources: ReadonlyMap<string, RideSource>;
  /** Uncached EHR reads: a booking decision must see a cancellation made a second ago. */
  ehr: (sourceId: string) => EhrPort | undefined;
  records: RideRecords;
  /** One booking at a time per appointment, across instances. */
  claims: AppointmentBookingClaims;
  updates: RideUpdates;
  exactlyOnce: ExactlyOnce;
  hasher: KeyHasher;
  clock: Clock;
  logger: Logger;
  /** The transportation benefit check for partners that have one; absent = no check. */
  benefits?: RideBenefitChecker | undefined;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

const badInput = (field: string, message: string) => new GatewayError('BAD_INPUT', message, { details: { field } });
/** The input field the first zod issue is about, e.g. `pickup.addressLines.0`. */
const fieldOf = (root: string, error: z.ZodError) => [root, ...(error.issues[0]?.path ?? []).map(String)].join('.');

/** Resolves the ride source a booking goes to: the one named, else the partner's first. */
export function pickRideSource(deps: Pick<RideBookingDeps, 'sources'>, caller: RideCaller, requested?: string): { id: string; source: RideSource } {
  const id = requested ?? caller.rideSourceIds[0];
  if (!id) throw new GatewayError('FORBIDDEN', 'This partner may use no ride source');
  caller.reach(id);
  const source = deps.sources.get(id);
  if (!source) throw notARideSource(id);
  return { id, source };
}

export function ehrFor(deps: Pick<RideBookingDeps, 'ehr'>, caller: RideCaller, sourceId: string): EhrPort {
  caller.reach(sourceId);
  const ehr = deps.ehr(sourceId);
  if (!ehr) throw new GatewayError('BAD_INPUT', 'That source is not an EHR', { details: { field: 'appointmentId', sourceId } });
  return ehr;
}

/**
 * scheduleRide: refuse what must not get a ride, then book exactly once per idempotency key,
 * one active ride per appointment, with a pickup time that gets the rider there on time.
 */
export function createRideBooking(deps: RideBookingDeps) {
  const { records, clock } = deps;

  const parseInput = (input: ScheduleRideInput) => {
    if (!IDEMPOTENCY_KEY.test(input.idempotencyKey)) throw badInput('idempotencyKey', 'idempotencyKey must be 1-200 printable ASCII characters without spaces');
    const pickup = input.pickup === undefined ? undefined : rideRequestPlace.safeParse(input.pickup);
    if (pickup && !pickup.success) {
      throw badInput(fieldOf('pickup', pickup.error), 'pickup needs 1-3 address lines, city, state, postal code (printable text, no spaces at either end) and valid coordinates');
    }
    const note = input.note === undefined ? undefined : rideNote.safeParse(input.note);
    if (note && !note.success) throw badInput('note', 'note must be 1-200 characters of printable text with no ids or phone numbers (it goes to the driver)');
    return { pickup: pickup?.data, note: note?.data };
  };

  /** Books at the vendor; when the answer is lost, finds the booking instead of booking again. */
  async function bookAtVendor(source: RideSource, request: RideRequest, reference: string): Promise<Ride> {
    const port = source.port;
    try {
      return await port.book(request, { externalReference: reference });
    } catch (error) {
      if (!bookingOutcomeUnknown(error)) throw error;
      // The vendor may have booked it: look before anyone books again (never a blind retry).
      deps.logger.warn('ride booking outcome unknown; reconciling', { sourceId: port.sourceId });
      const found = await port.findByExternalReference(reference).catch(() => null);
      if (found) return found;
      throw error;
    }
  }

  async function newRequest(chosen: { id: string; source: RideSource }, trip: AppointmentTrip, input: ScheduleRideInput, parsed: ReturnType<typeof parseInput>) {
    const port = chosen.source.port;
    const rider = riderFromPatient(trip.patient);
    const pickup = parsed.pickup ?? homePickup(trip.patient);
    const dropoff = locationDropoff(trip.location);
    const estimates = await port.estimate({ pickup: { lat: pickup.lat, lng: pickup.lng }, dropoff: { lat: dropoff.lat, lng: dropoff.lng }, productId: input.productId });
    const product = chooseProduct(estimates, input.productId);
    if (!product) throw badInput('productId', 'The ride source offers no such product for this trip');
    const plan = planPickup({ startMs: trip.startMs, arrivalBufferMinutes: chosen.source.arrivalBufferMinutes, travelSeconds: product.durationSeconds });
    if (plan.pickupMs <= clock.now()) {
      throw new GatewayError('BAD_INPUT', 'Too late to book a ride that arrives before the appointment', { details: { field: 'appointmentId', reason: 'TOO_LATE_FOR_RIDE' } });
    }
    // No quote token: quotes live minutes, and a scheduled ride is priced when it is dispatched.
    const request: RideRequest = {
      rider,
      pickup,
      dropoff,
      productId: product.product.id,
      schedule: { kind: 'at', instant: formatInZone(plan.pickupMs, trip.timeZone), timeZone: trip.timeZone },
      ...(parsed.note ? { note: parsed.note } : {}),
    };
    return { request, plan };
  }

  /** Stores (or keeps) the ride's record, its index entry and the appointment's link to it. */
  async function remember(caller: RideCaller, sourceId: string, trip: AppointmentTrip, appointment: LocalRef, ride: Ride, arriveByMs: number, benefitCheck?: RideBenefitCheck): Promise<RideRef> {
    const ref = { sourceId, vendorRideId: ride.vendorRideId };
    // A ride found again (an earlier call booked it) may have its record already: create keeps that one.
    await deps.updates.create({
      ride,
      appointment,
      patientId: trip.patient.localId,
      timeZone: trip.timeZone,
      arriveBy: new Date(arriveByMs).toISOString(),
      bookedBy: caller.partnerId,
      bookedAt: new Date(clock.now()).toISOString(),
      ...(benefitCheck ? { benefitCheck } : {}),
    });
    await records.link(appointment, ref);
    return ref;
  }

  /** The partner's benefit check, audited; under `required` refuses what the payer does not cover. */
  async function checkBenefit(caller: RideCaller, ehr: EhrPort, trip: AppointmentTrip, appointment: LocalRef): Promise<RideBenefitCheck | undefined> {
    const mode = caller.benefitCheck ?? 'off';
    if (mode === 'off' || !deps.benefits) return undefined;
    const audit = { action: 'ride-benefit-check', resourceType: 'Appointment', resourceIds: [appointmentGlobalId(appointment)], sourceId: null };
    let check: RideBenefitCheck;
    try {
      check = await deps.benefits.check(mode, ehr, trip.patient);
    } catch (error) {
      await caller.audit({ ...audit, outcome: 'failure' });
      throw error;
    }
    const refused = mode === 'required' && check.status !== 'COVERED';
    await caller.audit({ ...audit, outcome: refused ? 'denied' : 'success' });
    assertBenefitAllows(check);
    return check;
  }

  async function bookTrip(
    caller: RideCaller,
    chosen: { id: string; source: RideSource },
    trip: AppointmentTrip,
    input: ScheduleRideInput,
    parsed: ReturnType<typeof parseInput>,
    benefitCheck: RideBenefitCheck | undefined,
  ): Promise<RideRef> {
    const appointmentRef = input.appointment;
    const reference = await rideExternalReference(deps.hasher, { partnerId: caller.partnerId, idempotencyKey: input.idempotencyKey });
    // Before every first attempt, whatever the Store says: an earlier call with this key may have
    // booked (its answer lost, or its claim lost with the Store's data). That ride is the answer.
    // A vendor that cannot be asked refuses the booking (retryably) rather than risk a second ride.
    let ride = await chosen.source.port.findByExternalReference(reference);
    let arriveByMs = trip.startMs - chosen.source.arrivalBufferMinutes * 60_000;
    if (!ride) {
      const linked = await records.linkedRide(appointmentRef);
      const existing = linked ? await records.get(linked) : undefined;
      if (linked && existing && !isTerminal(existing.ride.status)) {
        throw new GatewayError('CONFLICT', 'The appointment already has a ride; cancel it first', {
          details: { field: 'appointmentId', reason: 'APPOINTMENT_HAS_RIDE', rideId: rideGlobalId(linked) },
        });
      }
      const { request, plan } = await newRequest(chosen, trip, input, parsed);
      arriveByMs = plan.arriveByMs;
      ride = await bookAtVendor(chosen.source, request, reference);
      if (!ride.pickupAt) ride = { ...ride, pickupAt: new Date(plan.pickupMs).toISOString() };
    } else {
      deps.logger.info('ride found at the vendor by its reference; not booking again', { sourceId: chosen.id });
    }
    return remember(caller, chosen.id, trip, appointmentRef, ride, arriveByMs, benefitCheck);
  }

  /** The claim says booked but the record is gone (the Store lost part of its data): rebuild it from the vendor. */
  async function restore(caller: RideCaller, ref: RideRef, trip: AppointmentTrip, appointment: LocalRef): Promise<RideRecord> {
    const source = deps.sources.get(ref.sourceId);
    if (!source) throw notARideSource(ref.sourceId);
    const ride = await source.port.get(ref.vendorRideId);
    await remember(caller, ref.sourceId, trip, appointment, ride, trip.startMs - source.arrivalBufferMinutes * 60_000);
    const record = await records.get(ref);
    if (!record) throw new GatewayError('INTERNAL', 'The booked ride record is missing', { retryable: true });
    return record;
  }

  return {
    async schedule(caller: RideCaller, input: ScheduleRideInput): Promise<RideRecord> {
      const parsed = parseInput(input);
      const ehr = ehrFor(deps, caller, input.appointment.sourceId);
      const chosen = pickRideSource(deps, caller, input.rideSourceId);
      const scope = { partnerId: caller.partnerId, idempotencyKey: input.idempotencyKey };
      const fingerprint = await deps.hasher.key('ride-fp', [
        input.appointment.sourceId,
        input.appointment.localId,
        chosen.id,
        JSON.stringify(parsed.pickup ?? null),
        input.productId ?? '',
        parsed.note ?? '',
      ]);
      const replay = await deps.exactlyOnce.booked(scope, fingerprint);
      const replayed = replay ? await records.get(replay) : undefined;
      if (replayed) return replayed;

      const trip = await loadAppointmentTrip(ehr, input.appointment, clock.now());
      if (replay) return restore(caller, replay, trip, input.appointment);
      // A rider the vendor cannot be sent is refused before the payer is asked about the benefit.
      riderFromPatient(trip.patient);
      const benefitCheck = await checkBenefit(caller, ehr, trip, input.appointment);
      // A booking spends at most: lookup + estimate + book + lookup, each bounded by the adapter timeout
      // (a lookup may read a few pages; the claim's TTL leaves room for that).
      const holdSeconds = Math.ceil((chosen.source.timeoutMs * 10) / 1000) + 30;
      const ref = await deps.exactlyOnce.run(scope, fingerprint, { pendingTtlSeconds: holdSeconds, waitMs: Math.min(holdSeconds * 1000, 30_000) }, () =>
        deps.claims.whileClaimed(input.appointment, holdSeconds, () => bookTrip(caller, chosen, trip, input, parsed, benefitCheck)),
      );
      const record = await records.get(ref);
      if (!record) throw new GatewayError('INTERNAL', 'The booked ride record is missing', { retryable: true });
      return record;
    },
  };
}
