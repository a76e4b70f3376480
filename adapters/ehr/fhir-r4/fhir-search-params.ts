import { GatewayError } from '../../../src/domain/errors';
import type { AppointmentSearch, AppointmentWorklistSearch, PatientSearch } from '../../../src/domain/ehr';

/**
 * Domain searches to FHIR search parameters, checked first: values that could change the
 * query's meaning (commas, `&`) or that the server would refuse never leave the gateway, and
 * the partner learns which field was wrong without us echoing its value.
 */
export type SearchParams = [name: string, value: string][];

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const FHIR_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const FHIR_DATE_TIME = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;
const STATUS_CODE = /^[a-z][a-z-]{0,31}$/;
const MAX_TEXT = 200;

export const isFhirId = (id: string): boolean => FHIR_ID.test(id);

const badInput = (field: string) => new GatewayError('BAD_INPUT', `Invalid search value for ${field}`, { details: { field } });

const text = (field: string, value: string | undefined): string | null => {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  if (trimmed.length > MAX_TEXT) throw badInput(field);
  // A comma would turn one value into an OR-list of values.
  return trimmed.replaceAll('\\', '\\\\').replaceAll(',', '\\,');
};

export function patientSearchParams(search: PatientSearch): SearchParams {
  const params: SearchParams = [];
  const identifier = text('identifier', search.identifier);
  const family = text('family', search.family);
  const given = text('given', search.given);
  if (identifier) params.push(['identifier', identifier]);
  if (family) params.push(['family', family]);
  if (given) params.push(['given', given]);
  if (search.birthDate) {
    if (!FHIR_DATE.test(search.birthDate)) throw badInput('birthDate');
    params.push(['birthdate', search.birthDate]);
  }
  // Listing every patient of a source is never a legitimate partner query.
  if (params.length === 0) throw new GatewayError('BAD_INPUT', 'A patient search needs at least one criterion', { details: { field: 'search' } });
  return params;
}

/** Date and status filters of an appointment search, validated (the patient list is added per chunk). */
export function appointmentFilterParams(search: AppointmentSearch): SearchParams {
  const params: SearchParams = [];
  if (search.from) {
    if (!FHIR_DATE_TIME.test(search.from)) throw badInput('from');
    params.push(['date', `ge${search.from}`]);
  }
  if (search.to) {
    if (!FHIR_DATE_TIME.test(search.to)) throw badInput('to');
    params.push(['date', `le${search.to}`]);
  }
  if (search.status?.length) {
    if (!search.status.every((status) => STATUS_CODE.test(status))) throw badInput('status');
    params.push(['status', [...new Set(search.status)].join(',')]);
  }
  return params;
}

const references = (field: string, type: string, ids: readonly string[]): string => {
  if (!ids.every(isFhirId)) throw badInput(field);
  return [...new Set(ids)].map((id) => `${type}/${id}`).join(',');
};

/**
 * A worklist search: `date=ge<from>&date=lt<to>`, `location`, `actor` (the practitioner list is
 * an OR over them), `status`, sorted by date so pages follow one another in start order.
 */
export function worklistSearchParams(search: AppointmentWorklistSearch): SearchParams {
  if (!FHIR_DATE_TIME.test(search.from)) throw badInput('from');
  if (!FHIR_DATE_TIME.test(search.to)) throw badInput('to');
  const params: SearchParams = [['date', `ge${search.from}`], ['date', `lt${search.to}`]];
  if (search.status?.length) {
    if (!search.status.every((status) => STATUS_CODE.test(status))) throw badInput('status');
    params.push(['status', [...new Set(search.status)].join(',')]);
  }
  if (search.locationIds?.length) params.push(['location', references('locationIds', 'Location', search.locationIds)]);
  if (search.practitionerIds?.length) params.push(['actor', references('practitionerIds', 'Practitioner', search.practitionerIds)]);
  params.push(['_sort', 'date']);
  return params;
}

const encodeValue = (value: string) =>
  // Keep FHIR's separators readable (`_id=a,b`, `patient=Patient/1`); they are legal in a query.
  encodeURIComponent(value).replaceAll('%2C', ',').replaceAll('%2F', '/').replaceAll('%3A', ':');

export const toQueryString = (params: SearchParams): string =>
  params.map(([name, value]) => `${encodeURIComponent(name)}=${encodeValue(value)}`).join('&');
