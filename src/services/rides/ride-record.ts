import { z } from 'zod';
import { localRef } from '../../domain/common';
import { ride } from '../../domain/ride';
import { rideBenefitCheck } from '../../domain/ride-benefit-check';

/** Which ride: the ride source it was booked with and the vendor's id for it. */
export const rideRef = z.object({ sourceId: z.string(), vendorRideId: z.string() });
export type RideRef = z.infer<typeof rideRef>;

/**
 * What the gateway remembers about a ride it booked, as stored (a schema: a record written by
 * an older deploy is parsed, never trusted).
 */
export const rideRecord = z.object({
  ride,
  /** The EHR appointment the ride takes the patient to. */
  appointment: localRef,
  /** The patient's id in that EHR, for audit trails (ids only). */
  patientId: z.string().nullable(),
  /** IANA zone the ride's times are shown in: the appointment location's. */
  timeZone: z.string(),
  /** When the rider should be at the door of the clinic: appointment start minus the arrival buffer. */
  arriveBy: z.string().nullable(),
  bookedBy: z.string(),
  bookedAt: z.string(),
  /** The transportation benefit check made before booking; absent when the partner's check is off. */
  benefitCheck: rideBenefitCheck.optional(),
  /**
   * Grows with every write of this record (see `nextRevision`), so a subscriber can tell an older
   * state delivered late from a newer one. Records written before revisions existed read as 0.
   */
  revision: z.number().int().nonnegative().default(0),
});
export type RideRecord = z.infer<typeof rideRecord>;
/** A record as the booking makes it; the records module gives it its first revision. */
export type NewRideRecord = Omit<RideRecord, 'revision'>;

/**
 * The revision of a record's next write: above the one it replaces (compare-and-set makes that
 * one the latest), and at least the writer's clock in milliseconds, so a record rebuilt after the
 * Store lost it still ranks above the revisions its subscribers saw before the loss.
 */
export const nextRevision = (previous: number, nowMs: number): number => Math.max(previous + 1, Math.floor(nowMs));
