// Adapter only: the simulator (Node loopback server) lives in ./simulator so Worker bundles never pull it in.
export { createX12CoreAdapter, type X12CoreAdapterOptions } from './adapter';
export { x12CoreAdapter, x12CoreSourceConfig } from './descriptor';
