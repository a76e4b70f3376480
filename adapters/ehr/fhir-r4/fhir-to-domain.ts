import type { Address, ContactPoint, HumanName, Identifier } from '../../../src/domain/common';
import type { Appointment, Coverage, Location, Patient, Practitioner } from '../../../src/domain/ehr';
import type {
  FhirAddress,
  FhirAppointment,
  FhirCodeableConcept,
  FhirContactPoint,
  FhirCoverage,
  FhirExtension,
  FhirHumanName,
  FhirIdentifier,
  FhirLocation,
  FhirPatient,
  FhirPractitioner,
  FhirReference,
} from './fhir-wire-schemas';

/** FHIR R4 resources (already validated) to the vendor-neutral domain records. */
export const TIMEZONE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/timezone';
const GEOLOCATION_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/geolocation';

const firstCode = (concept: FhirCodeableConcept | undefined): string | null =>
  concept?.coding?.find((coding) => coding.code)?.code ?? concept?.text ?? null;

/**
 * `Type/id` from a literal reference, relative (`Patient/1`), absolute
 * (`https://x/fhir/Patient/1`) or versioned (`Patient/1/_history/2`). Null for other types
 * and for contained (`#x`) or logical-only references.
 */
export function referencedId(ref: FhirReference | undefined, type: string): string | null {
  const value = ref?.reference;
  if (!value) return null;
  const match = /(?:^|\/)([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(value);
  return match && match[1] === type ? (match[2] ?? null) : null;
}

const mapIdentifiers = (identifiers: FhirIdentifier[] | undefined): Identifier[] =>
  (identifiers ?? []).flatMap((item) =>
    item.value ? [{ system: item.system ?? null, value: item.value, type: firstCode(item.type) }] : [],
  );

const mapNames = (names: FhirHumanName[] | undefined): HumanName[] =>
  (names ?? []).map((name) => ({
    use: name.use ?? null,
    family: name.family ?? null,
    given: name.given ?? [],
    prefix: name.prefix ?? [],
    suffix: name.suffix ?? [],
    text: name.text ?? null,
  }));

const mapTelecom = (telecom: FhirContactPoint[] | undefined): ContactPoint[] =>
  (telecom ?? []).flatMap((point) => (point.value ? [{ system: point.system ?? null, value: point.value, use: point.use ?? null }] : []));

const geolocation = (extensions: FhirExtension[] | undefined): { latitude: number | null; longitude: number | null } => {
  const parts = extensions?.find((ext) => ext.url === GEOLOCATION_EXTENSION)?.extension ?? [];
  const value = (url: string) => parts.find((part) => part.url === url)?.valueDecimal ?? null;
  return { latitude: value('latitude'), longitude: value('longitude') };
};

const mapAddress = (address: FhirAddress, position?: { latitude: number; longitude: number }): Address => ({
  use: address.use ?? null,
  line: address.line ?? [],
  city: address.city ?? null,
  state: address.state ?? null,
  postalCode: address.postalCode ?? null,
  country: address.country ?? null,
  ...(position ? { latitude: position.latitude, longitude: position.longitude } : geolocation(address.extension)),
});

export const toPatient = (sourceId: string, patient: FhirPatient): Patient => ({
  sourceId,
  localId: patient.id,
  identifiers: mapIdentifiers(patient.identifier),
  names: mapNames(patient.name),
  birthDate: patient.birthDate ?? null,
  gender: patient.gender ?? null,
  deceased: patient.deceasedBoolean ?? patient.deceasedDateTime !== undefined,
  addresses: (patient.address ?? []).map((address) => mapAddress(address)),
  telecom: mapTelecom(patient.telecom),
});

export function toAppointment(sourceId: string, appointment: FhirAppointment): Appointment {
  const actors = (appointment.participant ?? []).map((participant) => participant.actor);
  const idsOf = (type: string) => [...new Set(actors.map((actor) => referencedId(actor, type)).filter((id): id is string => id !== null))];
  return {
    sourceId,
    localId: appointment.id,
    status: appointment.status,
    start: appointment.start ?? null,
    end: appointment.end ?? null,
    description: appointment.description ?? null,
    patientId: idsOf('Patient')[0] ?? null,
    practitionerIds: idsOf('Practitioner'),
    locationIds: idsOf('Location'),
  };
}

export const toPractitioner = (sourceId: string, practitioner: FhirPractitioner): Practitioner => ({
  sourceId,
  localId: practitioner.id,
  identifiers: mapIdentifiers(practitioner.identifier),
  names: mapNames(practitioner.name),
});

export const toLocation = (sourceId: string, location: FhirLocation): Location => ({
  sourceId,
  localId: location.id,
  name: location.name ?? null,
  address: location.address ? mapAddress(location.address, location.position) : null,
  telecom: mapTelecom(location.telecom),
  timeZone: location.extension?.find((ext) => ext.url === TIMEZONE_EXTENSION)?.valueCode ?? null,
});

/** Member id: the subscriber id, else an identifier typed MB (member number), else the first identifier. */
const memberId = (coverage: FhirCoverage): string | null => {
  if (coverage.subscriberId) return coverage.subscriberId;
  const identifiers = coverage.identifier ?? [];
  const typed = identifiers.find((item) => item.type?.coding?.some((coding) => coding.code === 'MB'));
  return (typed ?? identifiers[0])?.value ?? null;
};

export function toCoverage(sourceId: string, coverage: FhirCoverage): Coverage {
  const payors = coverage.payor ?? [];
  const payor = payors.find((item) => item.identifier?.value) ?? payors[0];
  const group = coverage.class?.find((item) => item.type?.coding?.some((coding) => coding.code === 'group'));
  return {
    sourceId,
    localId: coverage.id,
    status: coverage.status,
    memberId: memberId(coverage),
    groupNumber: group?.value ?? null,
    payerName: payor?.display ?? null,
    payerId: payor?.identifier?.value ?? null,
    period: coverage.period ? { start: coverage.period.start ?? null, end: coverage.period.end ?? null } : null,
    beneficiaryId: referencedId(coverage.beneficiary, 'Patient'),
    relationship: firstCode(coverage.relationship),
  };
}
