export { createUberHealthRideAdapter, type UberHealthRideAdapterOptions } from './adapter';
export { uberHealthAdapter, uberHealthSourceConfig } from './descriptor';
