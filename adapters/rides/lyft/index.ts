export { createLyftRideAdapter, type LyftRideAdapterOptions } from './adapter';
