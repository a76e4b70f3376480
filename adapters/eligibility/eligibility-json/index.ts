// Adapter only: the simulator (Node loopback server) lives in ./simulator so Worker bundles never pull it in.
export { createEligibilityJsonAdapter, type EligibilityJsonAdapterOptions, type EligibilityJsonAuth } from './adapter';
export { eligibilityJsonAdapter, eligibilityJsonSourceConfig } from './descriptor';
