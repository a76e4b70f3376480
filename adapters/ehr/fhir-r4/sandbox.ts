import { defineSandboxSimulator } from '../../shared/sandbox-simulator';
import { startFhirSimulator } from './simulator';

/** The sandbox FHIR R4 server (synthetic patients), reached as sandbox://fhir. */
export const sandboxSimulator = defineSandboxSimulator({
  kind: 'ehr',
  adapter: 'fhir-r4',
  name: 'fhir',
  secrets: {},
  start: () => startFhirSimulator(),
});
