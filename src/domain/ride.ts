import { z } from 'zod';
import { money } from './common';
import { outboundText } from './outbound-text';

/**
 * Vendor-neutral ride model: what a ride-share booking for a patient means, whichever company
 * drives it. Adapters translate to and from this; raw vendor codes are kept beside mapped values
 * (`rawStatus`) because vendor status lists are open and grow.
 */

// ---------------------------------------------------------------- status and lifecycle

export const rideStatuses = [
  'REQUESTED',
  'SCHEDULED',
  'DRIVER_ASSIGNED',
  'DRIVER_ARRIVED',
  'IN_PROGRESS',
  'COMPLETED',
  'CANCELED',
  'NO_DRIVERS',
  'FAILED',
] as const;
export const rideStatus = z.enum(rideStatuses);
export type RideStatus = z.infer<typeof rideStatus>;

/** Why a ride reached its status, when the vendor says (who canceled, a re-dispatch, an expiry). */
export const rideStatusReasons = [
  'CANCELED_BY_RIDER',
  'CANCELED_BY_DRIVER',
  /** Canceled by the booking organization (us, or a coordinator on the vendor's dashboard). */
  'CANCELED_BY_PARTNER',
  'CANCELED_BY_VENDOR',
  /** A deferred ("flexible") ride that the rider never used. */
  'EXPIRED',
  /** The assigned driver dropped out and the vendor is finding another one. */
  'REDISPATCHED',
] as const;
export const rideStatusReason = z.enum(rideStatusReasons);
export type RideStatusReason = z.infer<typeof rideStatusReason>;

const terminalStatuses: ReadonlySet<RideStatus> = new Set(['COMPLETED', 'CANCELED', 'NO_DRIVERS', 'FAILED']);

export const isTerminal = (status: RideStatus): boolean => terminalStatuses.has(status);

const ranks: Record<RideStatus, number> = {
  SCHEDULED: 0,
  REQUESTED: 1,
  DRIVER_ASSIGNED: 2,
  DRIVER_ARRIVED: 3,
  IN_PROGRESS: 4,
  COMPLETED: 5,
  CANCELED: 5,
  NO_DRIVERS: 5,
  FAILED: 5,
};

/** Position in the ride's life: later states rank higher; every terminal state ranks highest. */
export const lifecycleRank = (status: RideStatus): number => ranks[status];

/**
 * Whether an update saying `to` may replace a stored `from`. Webhooks arrive late, twice and out
 * of order, so only forward moves apply: nothing leaves a terminal state, and a same-status update
 * applies (it may carry a new driver or fare) unless the status is terminal. The one backward move
 * is a re-dispatch (driver assigned or arrived, then back to finding a driver), which Uber does;
 * the caller allows it when the update itself says it is a re-dispatch.
 */
export function canTransition(from: RideStatus, to: RideStatus, options: { allowRedispatch?: boolean } = {}): boolean {
  if (isTerminal(from)) return false;
  if (from === to) return true;
  if (isTerminal(to)) return true;
  if (lifecycleRank(to) > lifecycleRank(from)) return true;
  return options.allowRedispatch === true && to === 'REQUESTED' && (from === 'DRIVER_ASSIGNED' || from === 'DRIVER_ARRIVED');
}

// ---------------------------------------------------------------- places and people

export const latitude = z.number().min(-90).max(90);
export const longitude = z.number().min(-180).max(180);

export const geoPoint = z.object({ lat: latitude, lng: longitude });
export type GeoPoint = z.infer<typeof geoPoint>;

/** A pickup or drop-off as a vendor reports it: coordinates always, the address as far as known. */
export const ridePlace = geoPoint.extend({
  addressLines: z.array(z.string()),
  city: z.string().nullable(),
  state: z.string().nullable(),
  postalCode: z.string().nullable(),
});
export type RidePlace = z.infer<typeof ridePlace>;

/** Text a ride company shows its driver or texts its rider: checked, never trimmed or cleaned. */
const vendorText = (max: number) => outboundText({ min: 1, max, charset: 'vendor' });

/** A place we send: the full postal address, so the driver is not left with bare coordinates. */
export const rideRequestPlace = geoPoint.extend({
  addressLines: z.array(vendorText(200)).min(1).max(3),
  city: vendorText(100),
  state: vendorText(50),
  postalCode: vendorText(20),
});
export type RideRequestPlace = z.infer<typeof rideRequestPlace>;

/** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
export const e164Phone = z.string().regex(/^\+[1-9]\d{1,14}$/, 'an E.164 phone number such as +15551230000');

const isIanaTimeZone = (value: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
};
export const ianaTimeZone = z.string().min(1).max(64).refine(isIanaTimeZone, 'an IANA time zone such as America/Chicago');

export const rideSchedule = z.discriminatedUnion('kind', [
  /** Dispatch a driver now. */
  z.object({ kind: z.literal('now') }),
  /** Have the driver at the pickup at this instant. */
  z.object({ kind: z.literal('at'), instant: z.iso.datetime({ offset: true }), timeZone: ianaTimeZone }),
  /** The rider calls the car when ready, any time on this local date. */
  z.object({ kind: z.literal('flexible'), date: z.iso.date(), timeZone: ianaTimeZone }),
]);
export type RideSchedule = z.infer<typeof rideSchedule>;

export const RIDE_NOTE_MAX_LENGTH = 200;
/**
 * Six or more digits in a row (spaces, dots and dashes between them allowed) look like a record
 * number, member id or phone number: all PHI. A note is for "gate 3, blue awning", not for ids.
 */
const digitRun = /\d(?:[\s.-]?\d){5,}/;

/**
 * A note for the driver. It travels to a third party outside the clinical record, so it must hold
 * no PHI: no diagnosis, reason for visit, department or ids. We cannot detect every kind of PHI;
 * we bound the length and reject long digit runs, and the schema documents the rule for callers.
 */
export const rideNote = vendorText(RIDE_NOTE_MAX_LENGTH).refine((value) => !digitRun.test(value), 'must not contain ids or phone numbers (6+ digits in a row)');

export const RIDER_NAME_MAX_LENGTH = 100;
export const rider = z.object({
  firstName: vendorText(RIDER_NAME_MAX_LENGTH),
  lastName: vendorText(RIDER_NAME_MAX_LENGTH),
  phone: e164Phone,
});
export type Rider = z.infer<typeof rider>;

// ---------------------------------------------------------------- estimates, requests, rides

export const rideProduct = z.object({ id: z.string(), displayName: z.string() });
export type RideProduct = z.infer<typeof rideProduct>;

export const rideEstimate = z.object({
  sourceId: z.string(),
  product: rideProduct,
  /** Price range in minor units; min equals max for an upfront fare. Null when the vendor gave none. */
  price: z.object({ min: money, max: money }).nullable(),
  pickupEtaSeconds: z.number().int().nonnegative().nullable(),
  durationSeconds: z.number().int().nonnegative().nullable(),
  /** Pass `token` back as `quoteToken` when booking to lock the quoted price. */
  quote: z.object({ token: z.string(), expiresAt: z.iso.datetime({ offset: true }).nullable() }).nullable(),
  cancellation: z
    .object({
      fee: money.nullable(),
      /** Cancelling within this many seconds of booking is free. */
      freeWithinSeconds: z.number().int().nonnegative().nullable(),
      policyText: z.string().nullable(),
    })
    .nullable(),
});
export type RideEstimate = z.infer<typeof rideEstimate>;

export const rideEstimateInput = z.object({ pickup: geoPoint, dropoff: geoPoint, productId: z.string().min(1).optional() });
export type RideEstimateInput = z.infer<typeof rideEstimateInput>;

/**
 * What we send a vendor to book: the minimum necessary — who rides (name and phone so the driver
 * and the vendor's SMS can reach them), where, when and in what kind of car. Nothing clinical.
 */
export const rideRequest = z.object({
  rider,
  pickup: rideRequestPlace,
  dropoff: rideRequestPlace,
  productId: vendorText(100),
  schedule: rideSchedule,
  note: rideNote.optional(),
  quoteToken: z.string().min(1).max(512).optional(),
});
export type RideRequest = z.infer<typeof rideRequest>;

/** The opaque, PHI-free reference a booking carries in the vendor's memo field, to be found again by. */
export const bookingReference = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const rideDriver = z.object({
  firstName: z.string(),
  phone: z.string().nullable(),
  vehicle: z.object({
    make: z.string().nullable(),
    model: z.string().nullable(),
    color: z.string().nullable(),
    licensePlate: z.string().nullable(),
  }),
});
export type RideDriver = z.infer<typeof rideDriver>;

/** A pending cancellation fee: cancelling now costs `fee`; confirm with `confirmationToken` before `expiresAt`. */
export const rideCancellation = z.object({
  fee: money.nullable(),
  confirmationToken: z.string().nullable(),
  expiresAt: z.iso.datetime({ offset: true }).nullable(),
});
export type RideCancellation = z.infer<typeof rideCancellation>;

export const ride = z.object({
  sourceId: z.string(),
  vendorRideId: z.string(),
  status: rideStatus,
  rawStatus: z.string(),
  statusReason: rideStatusReason.nullable(),
  /** Scheduled pickup time when scheduled, else the actual pickup time once known. */
  pickupAt: z.iso.datetime({ offset: true }).nullable(),
  pickup: ridePlace.nullable(),
  dropoff: ridePlace.nullable(),
  driver: rideDriver.nullable(),
  fare: money.nullable(),
  cancellation: rideCancellation.nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type Ride = z.infer<typeof ride>;

/** Cancelling costs a fee the caller has not yet accepted; cancel again with `token` to accept it. */
export interface FeeConfirmationRequired {
  feeConfirmationRequired: { fee: z.infer<typeof money>; token: string; expiresAt: string };
}

export const isFeeConfirmationRequired = (value: Ride | FeeConfirmationRequired): value is FeeConfirmationRequired =>
  'feeConfirmationRequired' in value;

/** A vendor's status-change notification, reduced to what the gateway acts on. */
export interface RideStatusEvent {
  /** Vendor's event id: store it to drop redeliveries. */
  eventId: string;
  vendorRideId: string;
  rawStatus: string;
  /** Null when the vendor sent a status code we do not know (keep `rawStatus`, change nothing). */
  status: RideStatus | null;
  statusReason: RideStatusReason | null;
  occurredAt: string;
}
