export { createUberHealthRideAdapter, type UberHealthRideAdapterOptions } from './adapter';
