import DataLoader from 'dataloader';
import type { Appointment, AppointmentSearch, Coverage, Location, Patient, Practitioner } from '../domain/ehr';
import type { EhrPort } from '../ports/ehr-port';

/**
 * Per-request DataLoaders, one per (source, record type): all loads of one tick become one
 * batched upstream call (`_id=a,b,c`), so N appointments resolving their practitioners make
 * one request, not N. Created fresh for every request so nothing leaks between partners.
 */
export interface EhrLoaders {
  patient(sourceId: string): DataLoader<string, Patient | null>;
  appointment(sourceId: string): DataLoader<string, Appointment | null>;
  practitioner(sourceId: string): DataLoader<string, Practitioner | null>;
  location(sourceId: string): DataLoader<string, Location | null>;
  coverage(sourceId: string): DataLoader<string, Coverage | null>;
  coveragesOfPatient(sourceId: string): DataLoader<string, Coverage[]>;
  /** Appointments per patient id; patients asked with the same filters share one search. */
  appointmentsOfPatient(sourceId: string, filter: Omit<AppointmentSearch, 'patientIds'>): DataLoader<string, Appointment[]>;
}

const MAX_BATCH = 50;

function perSource<V>(
  ehr: (sourceId: string) => EhrPort,
  batch: (port: EhrPort, ids: readonly string[]) => Promise<Map<string, V>>,
  missing: V,
): (sourceId: string) => DataLoader<string, V> {
  const loaders = new Map<string, DataLoader<string, V>>();
  return (sourceId) => {
    let loader = loaders.get(sourceId);
    if (!loader) {
      const port = ehr(sourceId);
      loader = new DataLoader<string, V>(
        async (ids) => {
          const found = await batch(port, ids);
          return ids.map((id) => found.get(id) ?? missing);
        },
        { maxBatchSize: MAX_BATCH },
      );
      loaders.set(sourceId, loader);
    }
    return loader;
  };
}

export function createEhrLoaders(ehr: (sourceId: string) => EhrPort): EhrLoaders {
  const byFilter = new Map<string, (sourceId: string) => DataLoader<string, Appointment[]>>();
  return {
    appointmentsOfPatient: (sourceId, filter) => {
      const key = JSON.stringify([filter.from ?? null, filter.to ?? null, filter.status ?? null]);
      let forFilter = byFilter.get(key);
      if (!forFilter) {
        forFilter = perSource<Appointment[]>(ehr, (port, ids) => port.searchAppointments({ ...filter, patientIds: ids }), []);
        byFilter.set(key, forFilter);
      }
      return forFilter(sourceId);
    },
    patient: perSource<Patient | null>(ehr, (port, ids) => port.getPatients(ids), null),
    appointment: perSource<Appointment | null>(ehr, (port, ids) => port.getAppointments(ids), null),
    practitioner: perSource<Practitioner | null>(ehr, (port, ids) => port.getPractitioners(ids), null),
    location: perSource<Location | null>(ehr, (port, ids) => port.getLocations(ids), null),
    coverage: perSource<Coverage | null>(ehr, (port, ids) => port.getCoverages(ids), null),
    coveragesOfPatient: perSource<Coverage[]>(ehr, (port, ids) => port.searchCoveragesByPatients(ids), []),
  };
}
