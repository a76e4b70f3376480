import { getSearchParameters } from '@medplum/core';
import type { CapabilityStatement } from '@medplum/fhirtypes';
import { simulatedResourceTypes } from './fhir-definitions';

/** `GET /metadata`: what the simulator serves, with the SMART token endpoint when enabled. */
export function buildCapabilityStatement(tokenUrl: string | null): CapabilityStatement {
  const security = tokenUrl
    ? {
        service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] }],
        extension: [
          {
            url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
            extension: [{ url: 'token', valueUri: tokenUrl }],
          },
        ],
      }
    : undefined;
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2025-01-01',
    kind: 'instance',
    software: { name: 'Caregate FHIR R4 simulator (Medplum MemoryRepository)' },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        ...(security ? { security } : {}),
        resource: simulatedResourceTypes.map((type) => ({
          type,
          interaction: [{ code: 'read' }, { code: 'search-type' }],
          searchParam: Object.values(getSearchParameters(type) ?? {}).map((param) => ({ name: param.code ?? '', type: param.type })),
        })),
      },
    ],
  };
}
