import { z } from 'zod';
import { rideSourceBase } from '../../../config/source-bases';
import { defineSourceAdapter } from '../../shared/source-adapter';
import { rideSourceOptions } from '../common/ride-source-options';
import { createUberHealthRideAdapter } from './adapter';
import { uberEnvironments } from './wire';

/**
 * Token URL default https://auth.uber.com/oauth/v2/token (for both APIs); scope default by
 * `environment` (`health.sandbox` or `health`), which also names the only webhooks accepted.
 */
export const uberHealthSourceConfig = rideSourceBase.extend({
  adapter: z.literal('uber-health'),
  /** Which Uber API `baseUrl` is: `sandbox` (https://sandbox-api.uber.com) or `production` (https://api.uber.com). */
  environment: z.enum(uberEnvironments),
  /** Organization UUID sent as x-uber-organizationuuid (required for third-party apps). */
  organizationId: z.string().min(1).optional(),
});

/** Uber Health trips: estimates, scheduled trips, cancellation fees, signed status webhooks. */
export const uberHealthAdapter = defineSourceAdapter({
  kind: 'rides',
  adapter: 'uber-health',
  configSchema: uberHealthSourceConfig,
  create: (source, deps) =>
    createUberHealthRideAdapter({
      ...rideSourceOptions(source, deps),
      environment: source.environment,
      ...(source.organizationId ? { organizationId: source.organizationId } : {}),
    }),
});
