export { createLyftRideAdapter, type LyftRideAdapterOptions } from './adapter';
export { lyftAdapter, lyftSourceConfig } from './descriptor';
