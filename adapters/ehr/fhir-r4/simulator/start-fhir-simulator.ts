import { serveOnLoopback } from '../../../shared/loopback-server';
import { createFhirSimulator, TOKEN_PATH, type FhirSimulator, type FhirSimulatorOptions } from './fhir-simulator';
import type { RequestLog } from './request-log';
import type { SimulatorFaults } from './simulator-faults';

/** The simulator served over real HTTP on 127.0.0.1 (Node only), for the sandbox and tests. */
export interface StartedFhirSimulator {
  /** FHIR base URL including the base path, e.g. `http://127.0.0.1:5555/fhir/R4`. */
  url: string;
  /** SMART token endpoint (answers only when `smart` was configured). */
  tokenUrl: string;
  requestLog: RequestLog;
  faults: SimulatorFaults;
  simulator: FhirSimulator;
  close(): Promise<void>;
}

export async function startFhirSimulator(options: FhirSimulatorOptions & { port?: number } = {}): Promise<StartedFhirSimulator> {
  const simulator = createFhirSimulator(options);
  await simulator.ready;
  const server = await serveOnLoopback(simulator.handler, options.port ?? 0);
  return {
    url: `${server.url}${simulator.basePath}`,
    tokenUrl: `${server.url}${TOKEN_PATH}`,
    requestLog: simulator.requestLog,
    faults: simulator.faults,
    simulator,
    close: server.close,
  };
}
