import type { Address, ContactPoint, HumanName, Identifier, Period } from './common';

/**
 * EHR-side records as the gateway sees them. Every record carries the source it came from
 * and its id in that source; global ids are built from those two at the GraphQL edge.
 */
interface SourceRecord {
  sourceId: string;
  localId: string;
}

export interface Patient extends SourceRecord {
  identifiers: Identifier[];
  names: HumanName[];
  birthDate: string | null;
  gender: string | null;
  deceased: boolean;
  addresses: Address[];
  telecom: ContactPoint[];
}

export type AppointmentStatus =
  | 'proposed' | 'pending' | 'booked' | 'arrived' | 'fulfilled' | 'cancelled' | 'noshow'
  | 'entered-in-error' | 'checked-in' | 'waitlist';

export interface Appointment extends SourceRecord {
  status: string;
  start: string | null;
  end: string | null;
  description: string | null;
  patientId: string | null;
  practitionerIds: string[];
  locationIds: string[];
}

export interface Practitioner extends SourceRecord {
  identifiers: Identifier[];
  names: HumanName[];
}

export interface Location extends SourceRecord {
  name: string | null;
  address: Address | null;
  telecom: ContactPoint[];
  /** IANA time zone when the source states it (FHIR extension `timezone`), else null. */
  timeZone: string | null;
}

export interface Coverage extends SourceRecord {
  status: string;
  memberId: string | null;
  groupNumber: string | null;
  payerName: string | null;
  /** The payer identifier used to route eligibility (e.g. a clearinghouse payer id). */
  payerId: string | null;
  period: Period | null;
  beneficiaryId: string | null;
  relationship: string | null;
}

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

/** One page of a search; `cursor` is the source's own continuation, opaque to callers. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number | null;
}
