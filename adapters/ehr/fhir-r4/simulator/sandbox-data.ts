import { readFileSync } from 'node:fs';
import type { Coverage, Location, Resource } from '@medplum/fhirtypes';
import { SANDBOX_PAYER_ID_SYSTEM, sandboxPayerIdForName } from './sandbox-payers';

/**
 * The synthetic sandbox data set (Synthea, 10 patients; see data/SOURCES.md). The files stay
 * verbatim; `prepareSandboxResources` adds what the sandbox needs to route eligibility and
 * send rides. Parsed once per process: many simulators in one test process share the result.
 */
const dataFiles = [
  'Patient.000',
  'Practitioner.000',
  'PractitionerRole.000',
  'Organization.000',
  'Location.000',
  'Appointment.derived',
  'Coverage.derived',
] as const;

const TIMEZONE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/timezone';

/** IANA zone per US state for the states in the sandbox data (every city there is Central). */
const timeZoneByState: Readonly<Record<string, string>> = { KS: 'America/Chicago' };

export const parseNdjson = (text: string): Resource[] =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Resource);

const withPayerIdentifier = (coverage: Coverage): Coverage => {
  const [first, ...rest] = coverage.payor;
  if (!first || first.identifier) return coverage;
  const payerId = sandboxPayerIdForName(first.display);
  if (!payerId) return coverage;
  return { ...coverage, payor: [{ ...first, identifier: { system: SANDBOX_PAYER_ID_SYSTEM, value: payerId } }, ...rest] };
};

const withTimeZone = (location: Location): Location => {
  const zone = location.address?.state ? timeZoneByState[location.address.state] : undefined;
  if (!zone || location.extension?.some((ext) => ext.url === TIMEZONE_EXTENSION)) return location;
  return { ...location, extension: [...(location.extension ?? []), { url: TIMEZONE_EXTENSION, valueCode: zone }] };
};

/** Sandbox-only adjustments, documented in data/SOURCES.md. */
export function prepareSandboxResources(resources: readonly Resource[]): Resource[] {
  const prepared: Resource[] = [];
  for (const resource of resources) {
    if (resource.resourceType === 'Coverage') prepared.push(withPayerIdentifier(resource));
    else if (resource.resourceType === 'Location') {
      // A Location without an address cannot be a ride destination; the one in the data is unused.
      if (resource.address?.line?.length) prepared.push(withTimeZone(resource));
    } else prepared.push(resource);
  }
  return prepared;
}

let cached: readonly Resource[] | null = null;

/** The prepared sandbox resources; callers must not mutate them (the repository copies on load). */
export function readSandboxResources(): readonly Resource[] {
  if (cached) return cached;
  const raw = dataFiles.flatMap((name) => parseNdjson(readFileSync(new URL(`./data/${name}.ndjson`, import.meta.url), 'utf8')));
  cached = prepareSandboxResources(raw);
  return cached;
}
