export { createLyftRideAdapter, type LyftRideAdapterOptions } from './lyft';
export { createUberHealthRideAdapter, type UberHealthRideAdapterOptions } from './uber-health';
