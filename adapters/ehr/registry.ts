import type { z } from 'zod';
import { adapterRegistry } from '../shared/adapter-registry';
import { fhirR4Adapter } from './fhir-r4';

/** Every EHR adapter, one line each (how to add one: docs/adding-a-vendor.md). */
export const ehrAdapters = adapterRegistry('ehr', [fhirR4Adapter]);

export type EhrSourceConfig = z.output<typeof ehrAdapters.configSchema>;
