import { z } from 'zod';
import { rideSourceBase } from '../../../config/source-bases';
import { defineSourceAdapter } from '../../shared/source-adapter';
import { rideSourceOptions } from '../common/ride-source-options';
import { createLyftRideAdapter } from './adapter';

/** Lyft needs nothing beyond the common ride fields (token URL default `${baseUrl}/oauth/token`, ride scopes). */
export const lyftSourceConfig = rideSourceBase.extend({ adapter: z.literal('lyft') });

/** Lyft API v1 (Concierge): estimates, scheduled rides, cancellation fees, signed status webhooks. */
export const lyftAdapter = defineSourceAdapter({
  kind: 'rides',
  adapter: 'lyft',
  configSchema: lyftSourceConfig,
  create: (source, deps) => createLyftRideAdapter(rideSourceOptions(source, deps)),
});
