import { z } from 'zod';
import { secretRef } from '../../../config/schema-parts';
import { rideSourceBase } from '../../../config/source-bases';
import { defineSourceAdapter } from '../../shared/source-adapter';
import { rideSourceOptions } from '../common/ride-source-options';
import { createLyftRideAdapter } from './adapter';
import type { LyftAuth } from './lyft-tokens';

/**
 * How a Lyft source authorizes ride calls (book, read, cancel). Estimates (cost, ETA, ride types)
 * always use the app's client credentials with scope `public`, which Lyft grants every app.
 * - `{ type: "user-refresh-token", refreshToken: {env} }`: what Lyft's public API requires. The
 *   organisation's Lyft account authorized the app once (3-legged OAuth, scopes
 *   `rides.request rides.read offline`); its refresh token is exchanged for access tokens
 *   (grant_type refresh_token, client Basic auth). If Lyft rotates it, the newest is kept in the
 *   Store (sealed with CACHE_ENCRYPTION_KEY) so every instance uses it; change the variable after
 *   authorizing the account again.
 * - `{ type: "client-credentials" }` (default): the app's own token, asked for `scope` (default
 *   `public rides.read rides.request`). Only for accounts that Lyft grants ride scopes on client
 *   credentials (Concierge / enterprise agreements): Lyft grants other apps `public` only, and the
 *   adapter then refuses to book with UPSTREAM_REJECTED, reason RIDE_SCOPES_NOT_GRANTED, naming the
 *   source (and /readyz shows the source down with that warning).
 */
export const lyftAuthConfig = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('client-credentials') }),
  z.strictObject({ type: z.literal('user-refresh-token'), refreshToken: secretRef }),
]);

/** Lyft: the common ride fields (token URL default `${baseUrl}/oauth/token`) and `auth`. */
export const lyftSourceConfig = rideSourceBase.extend({
  adapter: z.literal('lyft'),
  auth: lyftAuthConfig.default({ type: 'client-credentials' }),
});

/** Lyft API v1 (Concierge): estimates, scheduled rides, cancellation fees, signed status webhooks. */
export const lyftAdapter = defineSourceAdapter({
  kind: 'rides',
  adapter: 'lyft',
  configSchema: lyftSourceConfig,
  create: (source, deps) => {
    const auth: LyftAuth =
      source.auth.type === 'user-refresh-token'
        ? { type: 'user-refresh-token', refreshToken: deps.secret(source.auth.refreshToken, 'auth.refreshToken'), store: deps.store }
        : { type: 'client-credentials' };
    return createLyftRideAdapter({ ...rideSourceOptions(source, deps), auth });
  },
});
