import type { z } from 'zod';
import type { Appointment, Coverage, Page, Patient } from '../../../src/domain/ehr';
import type { Clock } from '../../../src/ports/clock';
import type { EhrPort } from '../../../src/ports/ehr-port';
import type { FetchFn } from '../../../src/ports/fetch';
import { createUpstreamAuth } from './auth/create-upstream-auth';
import type { FhirAuthConfig } from './auth/upstream-auth';
import { createFhirBase, decodeCursor, encodeCursor } from './fhir-base-url';
import { createFhirClient, type FhirRequestEvent } from './fhir-client';
import { appointmentFilterParams, isFhirId, patientSearchParams, toQueryString, worklistSearchParams, type SearchParams } from './fhir-search-params';
import { toAppointment, toCoverage, toLocation, toPatient, toPractitioner } from './fhir-to-domain';
import {
  fhirAppointment,
  fhirCapabilityStatement,
  fhirCoverage,
  fhirLocation,
  fhirPatient,
  fhirPractitioner,
} from './fhir-wire-schemas';

/**
 * EhrPort over any FHIR R4 server (Epic, Oracle Health, HAPI, the sandbox simulator).
 * Batched reads are one `_id=a,b,c` search per ~50 ids; searches follow `link[next]`.
 */
export interface FhirR4AdapterOptions {
  sourceId: string;
  /** FHIR base, e.g. `https://fhir.example.org/api/FHIR/R4`. */
  baseUrl: string;
  fetch: FetchFn;
  clock: Clock;
  auth: FhirAuthConfig;
  /** Per attempt. */
  timeoutMs: number;
  /** `_count` asked of the server, and the largest patient page returned (default 50). */
  pageSize?: number;
  /** Most pages followed by one search (default 20); beyond that results are cut off. */
  maxPages?: number;
  /** Injected by tests so Retry-After and backoff need not really wait. */
  sleep?: (ms: number) => Promise<void>;
  onRequest?: (event: FhirRequestEvent) => void;
}

/** FHIR servers commonly cap `_id` lists and URL lengths; 50 ids stay well under both. */
const ID_CHUNK = 50;

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
};

export function createFhirR4Adapter(options: FhirR4AdapterOptions): EhrPort {
  const { sourceId } = options;
  const base = createFhirBase(options.baseUrl);
  const pageSize = options.pageSize ?? 50;
  const maxPages = options.maxPages ?? 20;
  const auth = createUpstreamAuth(options.auth, {
    sourceId,
    fetch: options.fetch,
    clock: options.clock,
    timeoutMs: options.timeoutMs,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    onAttempt: (event) => options.onRequest?.({ ...event, resourceType: null, interaction: 'token' }),
  });
  const client = createFhirClient({
    sourceId,
    base,
    fetch: options.fetch,
    auth,
    timeoutMs: options.timeoutMs,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
  });

  const searchUrl = (resourceType: string, params: SearchParams) => `${base.url}/${resourceType}?${toQueryString(params)}`;

  /** One `_id` search per chunk of ids; unknown ids are simply absent from the map. */
  const readMany = async <S extends z.ZodType<{ id: string }>, T>(
    resourceType: string,
    schema: S,
    ids: readonly string[],
    map: (resource: z.infer<S>) => T,
  ): Promise<Map<string, T>> => {
    const wanted = [...new Set(ids)].filter(isFhirId);
    const pages = await Promise.all(
      chunk(wanted, ID_CHUNK).map((part) =>
        client.searchAll(searchUrl(resourceType, [['_id', part.join(',')], ['_count', String(part.length)]]), resourceType, schema, {
          badRequestIs: 'UPSTREAM_REJECTED',
          notFoundIsEmpty: true,
          maxPages,
        }),
      ),
    );
    const requested = new Set(wanted);
    const found = new Map<string, T>();
    for (const resource of pages.flat()) if (requested.has(resource.id)) found.set(resource.id, map(resource));
    return found;
  };

  return {
    sourceId,

    getPatients: (ids) => readMany('Patient', fhirPatient, ids, (patient) => toPatient(sourceId, patient)),
    getAppointments: (ids) => readMany('Appointment', fhirAppointment, ids, (appt) => toAppointment(sourceId, appt)),
    getPractitioners: (ids) => readMany('Practitioner', fhirPractitioner, ids, (pr) => toPractitioner(sourceId, pr)),
    getLocations: (ids) => readMany('Location', fhirLocation, ids, (location) => toLocation(sourceId, location)),
    getCoverages: (ids) => readMany('Coverage', fhirCoverage, ids, (coverage) => toCoverage(sourceId, coverage)),

    async searchPatients(search, requestedPageSize, cursor): Promise<Page<Patient>> {
      // A cursor replays the upstream's own next link; the search must still be valid input.
      const params = patientSearchParams(search);
      const count = Math.min(Math.max(1, Math.floor(requestedPageSize)), pageSize);
      const url = cursor ? decodeCursor(cursor, base, 'Patient') : searchUrl('Patient', [...params, ['_count', String(count)]]);
      const page = await client.searchPage(url, 'Patient', fhirPatient, { badRequestIs: 'BAD_INPUT' });
      return {
        items: page.resources.map((patient) => toPatient(sourceId, patient)),
        nextCursor: page.next ? encodeCursor(page.next) : null,
        total: page.total,
      };
    },

    async searchAppointments(search): Promise<Map<string, Appointment[]>> {
      const grouped = new Map<string, Appointment[]>(search.patientIds.map((id) => [id, []]));
      const filters = appointmentFilterParams(search);
      // Ids that cannot exist upstream match nothing; a FHIR `patient=a,b` search is an OR over them.
      const wanted = [...new Set(search.patientIds)].filter(isFhirId);
      const found = await Promise.all(
        chunk(wanted, ID_CHUNK).map((part) => {
          const patients: [string, string] = ['patient', part.map((id) => `Patient/${id}`).join(',')];
          const url = searchUrl('Appointment', [patients, ...filters, ['_count', String(pageSize)]]);
          return client.searchAll(url, 'Appointment', fhirAppointment, { badRequestIs: 'BAD_INPUT', maxPages });
        }),
      );
      for (const appointment of found.flat().map((appt) => toAppointment(sourceId, appt))) {
        if (appointment.patientId) grouped.get(appointment.patientId)?.push(appointment);
      }
      // Servers differ in default order (and not all support _sort on Appointment): order here.
      for (const list of grouped.values()) list.sort((a, b) => (a.start ?? '\uffff').localeCompare(b.start ?? '\uffff'));
      return grouped;
    },

    async searchAppointmentWorklist(search, requestedPageSize, cursor): Promise<Page<Appointment>> {
      // As for patients: a cursor replays the upstream's next link, on this type only; the search is checked either way.
      const params = worklistSearchParams(search);
      const count = Math.min(Math.max(1, Math.floor(requestedPageSize)), pageSize);
      const url = cursor ? decodeCursor(cursor, base, 'Appointment') : searchUrl('Appointment', [...params, ['_count', String(count)]]);
      const page = await client.searchPage(url, 'Appointment', fhirAppointment, { badRequestIs: 'BAD_INPUT' });
      return {
        items: page.resources.map((appt) => toAppointment(sourceId, appt)),
        nextCursor: page.next ? encodeCursor(page.next) : null,
        total: page.total,
      };
    },

    async searchCoveragesByPatients(patientIds): Promise<Map<string, Coverage[]>> {
      const grouped = new Map<string, Coverage[]>(patientIds.map((id) => [id, []]));
      const wanted = [...new Set(patientIds)].filter(isFhirId);
      const pages = await Promise.all(
        chunk(wanted, ID_CHUNK).map((part) => {
          const beneficiaries = part.map((id) => `Patient/${id}`).join(',');
          const url = searchUrl('Coverage', [['beneficiary', beneficiaries], ['_count', String(pageSize)]]);
          return client.searchAll(url, 'Coverage', fhirCoverage, { badRequestIs: 'UPSTREAM_REJECTED', maxPages });
        }),
      );
      for (const coverage of pages.flat().map((item) => toCoverage(sourceId, item))) {
        if (coverage.beneficiaryId) grouped.get(coverage.beneficiaryId)?.push(coverage);
      }
      return grouped;
    },

    async ping(): Promise<boolean> {
      try {
        return await client.metadata(fhirCapabilityStatement);
      } catch {
        return false;
      }
    },
  };
}
