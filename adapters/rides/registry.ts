import type { z } from 'zod';
import { adapterRegistry } from '../shared/adapter-registry';
import { lyftAdapter } from './lyft';
import { uberHealthAdapter } from './uber-health';

/** Every ride vendor, one line each (how to add one: docs/adding-a-vendor.md). */
export const rideAdapters = adapterRegistry('rides', [lyftAdapter, uberHealthAdapter]);

export type RideSourceConfig = z.output<typeof rideAdapters.configSchema>;
