import type { Appointment, AppointmentParticipant, Patient, Resource } from '@medplum/fhirtypes';

type Actor = NonNullable<AppointmentParticipant['actor']>;

/**
 * Booked appointments in the coming week, made when a simulator loads the sandbox data, relative
 * to its clock: the files hold dated data (the future ones on 2030-01-15), but a worklist for
 * "tomorrow" or "this week" needs appointments that are always just ahead. Every living patient
 * gets two: one tomorrow (staggered half-hours from 15:00Z, so tomorrow's list holds them all)
 * and one two to six days out (16:00Z), at the practitioner/location pairs of the first three
 * 2030-01-15 appointments. Ids are derived from the day and the patient, so every simulator
 * started the same UTC day serves the same appointments. See data/SOURCES.md.
 */
export const WEEK_APPOINTMENT_TAG = { system: 'urn:caregate:derived', code: 'sandbox-coming-week' } as const;

const DAY_MS = 24 * 3600 * 1000;
const HOUR_MS = 3600 * 1000;
const SLOT_MS = 30 * 60 * 1000;

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const isLiving = (patient: Patient) => !patient.deceasedBoolean && patient.deceasedDateTime === undefined;
const refTo = (appointment: Appointment, type: string): Actor | undefined =>
  appointment.participant.find((participant) => participant.actor?.reference?.startsWith(`${type}/`))?.actor;

/** Practitioner and location of the future booked appointments in the files, three distinct locations. */
const clinicsOf = (resources: readonly Resource[]): { practitioner: Actor; location: Actor }[] => {
  const clinics = new Map<string, { practitioner: Actor; location: Actor }>();
  for (const resource of resources) {
    if (resource.resourceType !== 'Appointment' || resource.status !== 'booked') continue;
    const practitioner = refTo(resource, 'Practitioner');
    const location = refTo(resource, 'Location');
    if (practitioner && location?.reference && !clinics.has(location.reference)) clinics.set(location.reference, { practitioner, location });
  }
  return [...clinics.entries()].sort(([a], [b]) => a.localeCompare(b)).slice(0, 3).map(([, clinic]) => clinic);
};

export function comingWeekAppointments(resources: readonly Resource[], nowMs: number): Appointment[] {
  const clinics = clinicsOf(resources);
  if (clinics.length === 0) return [];
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const day = iso(today).slice(0, 10).replaceAll('-', '');
  const patients = resources
    .filter((resource): resource is Patient => resource.resourceType === 'Patient' && isLiving(resource) && resource.id !== undefined)
    .sort((a, b) => (a.id ?? '').localeCompare(b.id ?? ''));
  return patients.flatMap((patient, index) => {
    const patientId = patient.id ?? '';
    const starts = [today + DAY_MS + 15 * HOUR_MS + index * SLOT_MS, today + (2 + (index % 5)) * DAY_MS + 16 * HOUR_MS];
    return starts.flatMap((start, n): Appointment[] => {
      const clinic = clinics[(index + n) % clinics.length];
      if (!clinic) return [];
      return [{
        resourceType: 'Appointment',
        id: `week-${day}-${patientId.slice(0, 8)}-${n + 1}`,
        meta: { tag: [WEEK_APPOINTMENT_TAG] },
        status: 'booked',
        start: iso(start),
        end: iso(start + SLOT_MS),
        participant: [
          { actor: { reference: `Patient/${patientId}` }, status: 'accepted', required: 'required' },
          { actor: clinic.practitioner, status: 'accepted', required: 'required' },
          { actor: clinic.location, status: 'accepted', required: 'required' },
        ],
      }];
    });
  });
}
