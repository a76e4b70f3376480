import type { LocalRef } from '../../domain/common';
import type { Appointment, Location, Patient } from '../../domain/ehr';
import { GatewayError } from '../../domain/errors';
import type { EhrPort } from '../../ports/ehr-port';
import { fixedZoneFromOffset, startInstant } from './zoned-time';

/**
 * An appointment a ride can be booked for, with what the ride needs from the EHR: the patient
 * (name, phone, home), the location (address, zone) and the start as an instant. Refuses, with
 * a reason code, what must not get a ride: unknown, not `booked`, past, or a deceased patient.
 */
export interface AppointmentTrip {
  appointment: Appointment;
  patient: Patient;
  location: Location | null;
  startMs: number;
  /** The location's IANA zone; else a fixed-offset zone from the start's own offset; else UTC. */
  timeZone: string;
}

/** Appointment statuses after which a booked ride would strand a driver (and bill for it). */
export const RIDE_ENDING_APPOINTMENT_STATUSES: ReadonlySet<string> = new Set(['cancelled', 'noshow', 'entered-in-error']);

const refuse = (code: 'BAD_INPUT' | 'CONFLICT' | 'NOT_FOUND', reason: string, message: string, extra: Record<string, string> = {}) =>
  new GatewayError(code, message, { details: { field: 'appointmentId', reason, ...extra } });

export async function loadAppointmentTrip(ehr: EhrPort, ref: LocalRef, nowMs: number): Promise<AppointmentTrip> {
  const appointment = (await ehr.getAppointments([ref.localId])).get(ref.localId);
  if (!appointment) throw refuse('NOT_FOUND', 'APPOINTMENT_NOT_FOUND', 'No such appointment');
  if (appointment.status === 'cancelled') throw refuse('CONFLICT', 'APPOINTMENT_CANCELLED', 'The appointment is cancelled');
  if (appointment.status !== 'booked') {
    throw refuse('CONFLICT', 'APPOINTMENT_NOT_BOOKED', 'Rides are booked only for appointments in status booked', { status: appointment.status });
  }
  if (!appointment.patientId) throw refuse('BAD_INPUT', 'APPOINTMENT_WITHOUT_PATIENT', 'The appointment names no patient');
  if (!appointment.start) throw refuse('BAD_INPUT', 'APPOINTMENT_WITHOUT_START', 'The appointment has no start time');

  const locationId = appointment.locationIds[0];
  const [patients, locations] = await Promise.all([
    ehr.getPatients([appointment.patientId]),
    locationId ? ehr.getLocations([locationId]) : Promise.resolve(new Map<string, Location>()),
  ]);
  const patient = patients.get(appointment.patientId);
  if (!patient) throw refuse('NOT_FOUND', 'PATIENT_NOT_FOUND', "The appointment's patient is not in the record");
  if (patient.deceased) throw refuse('BAD_INPUT', 'PATIENT_DECEASED', "The appointment's patient is recorded as deceased");
  const location = locationId ? (locations.get(locationId) ?? null) : null;

  const timeZone = location?.timeZone ?? fixedZoneFromOffset(appointment.start) ?? 'UTC';
  const startMs = startInstant(appointment.start, timeZone);
  if (startMs === null) throw refuse('BAD_INPUT', 'APPOINTMENT_WITHOUT_START', 'The appointment start is not a date and time');
  if (startMs <= nowMs) throw refuse('BAD_INPUT', 'APPOINTMENT_IN_PAST', 'The appointment has already started or is over');
  return { appointment, patient, location, startMs, timeZone };
}
