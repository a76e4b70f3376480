export { createFhirR4Adapter } from './fhir-r4-adapter';
export type { FhirR4AdapterOptions } from './fhir-r4-adapter';
export type { FhirRequestEvent, FhirInteraction } from './fhir-client';
export type { FhirAuthConfig, UpstreamAuth } from './auth/upstream-auth';
export { fhirR4Adapter, fhirR4SourceConfig, type FhirR4SourceConfig } from './descriptor';
