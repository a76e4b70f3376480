import { ehrAdapters } from '../adapters/ehr/registry';
import type { EhrSourceConfig } from '../adapters/ehr/registry';
import type { EhrPort } from '../src/ports/ehr-port';
declare const c: EhrSourceConfig;
const p: EhrPort = ehrAdapters.adapterFor(c).create(c, null as never);
const x: 'fhir-r4' = c.adapter;
const pg: number = c.pageSize;
void p; void x; void pg;
