import { z } from 'zod';
import { address, contactPoint, humanName, identifier, period } from './common';

/**
 * EHR-side records as the gateway sees them. Every record carries the source it came from
 * and its id in that source; global ids are built from those two at the GraphQL edge.
 * Schemas, because records are cached (a cached record is parsed back, not trusted).
 */
const sourceRecord = z.object({ sourceId: z.string(), localId: z.string() });

export const patient = sourceRecord.extend({
  identifiers: z.array(identifier),
  names: z.array(humanName),
  birthDate: z.string().nullable(),
  gender: z.string().nullable(),
  deceased: z.boolean(),
  addresses: z.array(address),
  telecom: z.array(contactPoint),
});
export type Patient = z.infer<typeof patient>;

export type AppointmentStatus =
  | 'proposed' | 'pending' | 'booked' | 'arrived' | 'fulfilled' | 'cancelled' | 'noshow'
  | 'entered-in-error' | 'checked-in' | 'waitlist';

export const appointment = sourceRecord.extend({
  status: z.string(),
  start: z.string().nullable(),
  end: z.string().nullable(),
  description: z.string().nullable(),
  patientId: z.string().nullable(),
  practitionerIds: z.array(z.string()),
  locationIds: z.array(z.string()),
});
export type Appointment = z.infer<typeof appointment>;

export const practitioner = sourceRecord.extend({
  identifiers: z.array(identifier),
  names: z.array(humanName),
});
export type Practitioner = z.infer<typeof practitioner>;

export const location = sourceRecord.extend({
  name: z.string().nullable(),
  address: address.nullable(),
  telecom: z.array(contactPoint),
  /** IANA time zone when the source states it (FHIR extension `timezone`), else null. */
  timeZone: z.string().nullable(),
});
export type Location = z.infer<typeof location>;

export const coverage = sourceRecord.extend({
  status: z.string(),
  memberId: z.string().nullable(),
  groupNumber: z.string().nullable(),
  payerName: z.string().nullable(),
  /** The payer identifier used to route eligibility (e.g. a clearinghouse payer id). */
  payerId: z.string().nullable(),
  period: period.nullable(),
  beneficiaryId: z.string().nullable(),
  relationship: z.string().nullable(),
});
export type Coverage = z.infer<typeof coverage>;

export interface PatientSearch {
  identifier?: string | undefined;
  family?: string | undefined;
  given?: string | undefined;
  birthDate?: string | undefined;
}

/** Appointments of several patients at once (one upstream search), with the same filters. */
export interface AppointmentSearch {
  patientIds: readonly string[];
  from?: string | undefined;
  to?: string | undefined;
  status?: string[] | undefined;
}

/**
 * Appointments across patients (a worklist): start in [from, to), any of the statuses, at any
 * of the locations, with any of the practitioners (ids local to the source). Start order.
 */
export interface AppointmentWorklistSearch {
  from: string;
  to: string;
  status?: readonly string[] | undefined;
  locationIds?: readonly string[] | undefined;
  practitionerIds?: readonly string[] | undefined;
}

/** One page of a search; `cursor` is the source's own continuation, opaque to callers. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number | null;
}
