import type { Appointment, AppointmentSearch, AppointmentWorklistSearch, Coverage, Location, Page, Patient, PatientSearch, Practitioner } from '../domain/ehr';

/**
 * One EHR source. Batched reads take many ids and answer in one upstream round trip
 * where the protocol allows (FHIR `_id=a,b,c`); missing ids are simply absent from the
 * result map. Errors are GatewayErrors (NOT_FOUND is never thrown for batch reads).
 */
export interface EhrPort {
  readonly sourceId: string;
  getPatients(ids: readonly string[]): Promise<Map<string, Patient>>;
  searchPatients(search: PatientSearch, pageSize: number, cursor: string | null): Promise<Page<Patient>>;
  getAppointments(ids: readonly string[]): Promise<Map<string, Appointment>>;
  /**
   * Matching appointments of each patient, in start order, grouped by patient id (every
   * asked id is a key). One upstream search for many patients; pages followed, bounded.
   */
  searchAppointments(search: AppointmentSearch): Promise<Map<string, Appointment[]>>;
  /** One page of appointments across patients in start order; `cursor` is an earlier page's `nextCursor`. */
  searchAppointmentWorklist(search: AppointmentWorklistSearch, pageSize: number, cursor: string | null): Promise<Page<Appointment>>;
  getPractitioners(ids: readonly string[]): Promise<Map<string, Practitioner>>;
  getLocations(ids: readonly string[]): Promise<Map<string, Location>>;
  getCoverages(ids: readonly string[]): Promise<Map<string, Coverage>>;
  /** Coverages whose beneficiary is one of the patients, grouped by patient id. */
  searchCoveragesByPatients(patientIds: readonly string[]): Promise<Map<string, Coverage[]>>;
  /** Cheap reachability probe for /readyz (e.g. GET /metadata). */
  ping(): Promise<boolean>;
}
