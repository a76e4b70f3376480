import { z } from 'zod';
import { rideSourceBase } from '../../../config/source-bases';
import { defineSourceAdapter } from '../../shared/source-adapter';
import { rideSourceOptions } from '../common/ride-source-options';
import { createUberHealthRideAdapter } from './adapter';

/** Token URL default `${baseUrl}/oauth/v2/token`, scope default `health`. */
export const uberHealthSourceConfig = rideSourceBase.extend({
  adapter: z.literal('uber-health'),
  /** Organization UUID sent as x-uber-organizationuuid (required for third-party apps). */
  organizationId: z.string().min(1).optional(),
});

/** Uber Health trips: estimates, scheduled trips, cancellation fees, signed status webhooks. */
export const uberHealthAdapter = defineSourceAdapter({
  kind: 'rides',
  adapter: 'uber-health',
  configSchema: uberHealthSourceConfig,
  create: (source, deps) =>
    createUberHealthRideAdapter({ ...rideSourceOptions(source, deps), ...(source.organizationId ? { organizationId: source.organizationId } : {}) }),
});
