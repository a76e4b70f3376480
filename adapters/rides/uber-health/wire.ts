import { z } from 'zod';

/**
 * Uber Health API wire format (https://api.uber.com/v1/health/, developer.uber.com/docs/health):
 * POST /trips/estimates, POST /trips, GET and DELETE /trips/{request_id}, GET /trips (list),
 * client-credentials tokens at auth.uber.com/oauth/v2/token (scope `health`, or `health.sandbox`
 * for the sandbox API), and the `X-Uber-Signature` (hex HMAC-SHA256) status webhooks, which say in
 * `X-Environment` which API sent them. Field names are Uber's.
 *
 * Amounts are DECIMAL major units (12.91 dollars), sent as JSON numbers: never do arithmetic
 * on them as floats; see src/domain/money.ts. Times are epoch milliseconds, except the
 * webhook's `event_time` and the fare's `expires_at`, which are epoch seconds.
 */

/**
 * Uber Health runs two APIs (https://developer.uber.com/docs/health/guides/sandbox): production
 * at https://api.uber.com and the sandbox at https://sandbox-api.uber.com. Both take tokens from
 * https://auth.uber.com/oauth/v2/token (https://developer.uber.com/docs/health/guides/authentication),
 * asked for with the environment's scope; webhooks name their API in `X-Environment`
 * (https://developer.uber.com/docs/health/references/api/webhooks/status-changed).
 */
export const uberEnvironments = ['sandbox', 'production'] as const;
export type UberEnvironment = (typeof uberEnvironments)[number];
export const UBER_TOKEN_URL = 'https://auth.uber.com/oauth/v2/token';
export const uberScopeOf = { sandbox: 'health.sandbox', production: 'health' } as const satisfies Record<UberEnvironment, string>;
export const UBER_ENVIRONMENT_HEADER = 'x-environment';

const amount = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]);

export const uberTokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().positive(),
  scope: z.string().optional(),
});

const latLng = z.object({ latitude: z.number(), longitude: z.number() });

export const uberEstimatesRequest = z.object({
  pickup: latLng,
  dropoff: latLng,
  scheduling: z.object({ pickup_time: z.number().int() }).optional(),
  deferred_ride_options: z.object({ pickup_day: z.string() }).optional(),
});

export const uberProductEstimate = z.object({
  product: z.object({
    product_id: z.string().min(1),
    display_name: z.string(),
    cancellation: z
      .object({ cancellation_grace_period_threshold_sec: z.number().int().nullish(), min_cancellation_fee: amount.nullish() })
      .nullish(),
  }),
  estimate_info: z.object({
    fare_id: z.string().nullish(),
    /** Upfront fare: one price, locked by booking with `fare_id` before `expires_at` (epoch s). */
    fare: z.object({ value: amount, currency_code: z.string().length(3), fare_id: z.string().nullish(), expires_at: z.number().nullish(), display: z.string().nullish() }).nullish(),
    /** Range estimate, when no upfront fare is offered (e.g. flexible rides). */
    estimate: z.object({ low_estimate: amount.nullish(), high_estimate: amount.nullish(), currency_code: z.string().length(3), display: z.string().nullish() }).nullish(),
    /** Minutes until a driver could be at the pickup. */
    pickup_estimate: z.number().nullish(),
    trip: z.object({ duration_estimate: z.number().nullish(), distance_estimate: z.number().nullish(), distance_unit: z.string().nullish() }).nullish(),
  }),
});
export type UberProductEstimate = z.infer<typeof uberProductEstimate>;

export const uberEstimatesResponse = z.object({
  product_estimates: z.array(uberProductEstimate),
  etas_unavailable: z.boolean().nullish(),
  fares_unavailable: z.boolean().nullish(),
});

/** What we POST to /v1/health/trips; strict, so the simulator rejects anything extra. */
const requestPlace = z.strictObject({ latitude: z.number(), longitude: z.number(), address: z.string().min(1) });
export const uberTripRequestBody = z.strictObject({
  guest: z.strictObject({ first_name: z.string().min(1), last_name: z.string().min(1), phone_number: z.string().min(1) }),
  pickup: requestPlace,
  dropoff: requestPlace,
  product_id: z.string().min(1),
  fare_id: z.string().min(1).optional(),
  scheduling: z.strictObject({ pickup_time: z.number().int().positive() }).optional(),
  deferred_ride_options: z.strictObject({ pickup_day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }).optional(),
  note_for_driver: z.string().min(1).optional(),
  /** Uber's free-text memo (shown on reports); carries our opaque booking reference. */
  expense_memo: z.string().min(1).optional(),
});
export type UberTripRequestBody = z.infer<typeof uberTripRequestBody>;

const tripPlace = latLng.extend({ address: z.string().nullish() });

export const uberTripStatuses = [
  'processing',
  'no_drivers_available',
  'accepted',
  'arriving',
  'in_progress',
  'driver_canceled',
  'rider_canceled',
  'completed',
  'scheduled',
  'failed',
  'offered',
  'expired',
  'driver_redispatched',
] as const;
export type UberTripStatus = (typeof uberTripStatuses)[number];

/** A trip (GET /trips/{request_id}, list items, and the answer to POST /trips). Status stays open. */
export const uberTrip = z.object({
  request_id: z.string().min(1),
  status: z.string().min(1),
  /** For rider_canceled: coordinator_canceled or guest_rider_canceled. */
  status_detail: z.string().nullish(),
  pickup: tripPlace.nullish(),
  destination: tripPlace.nullish(),
  /** The create call's echo uses the request's name for the drop-off. */
  dropoff: tripPlace.nullish(),
  driver: z.object({ name: z.string(), phone_number: z.string().nullish() }).nullish(),
  vehicle: z
    .object({ make: z.string().nullish(), model: z.string().nullish(), vehicle_color_name: z.string().nullish(), license_plate: z.string().nullish() })
    .nullish(),
  fare: z.object({ value: amount, currency_code: z.string().length(3) }).nullish(),
  scheduling: z.object({ pickup_time: z.number().nullish() }).nullish(),
  begin_trip_time: z.number().nullish(),
  request_time: z.number().nullish(),
  expense_memo: z.string().nullish(),
});
export type UberTrip = z.infer<typeof uberTrip>;

export const uberTripList = z.object({ trips: z.array(uberTrip), next_key: z.string().nullish() });

/** Error body: `code` is a slug (validation_failed, not_found, ...); `message` may echo input, never passed on. */
export const uberApiError = z.object({ code: z.string(), message: z.string().nullish() });

/** Webhook body (`X-Uber-Signature`: hex HMAC-SHA256 of the raw body with the signing key). */
export const uberWebhook = z.object({
  event_id: z.string().min(1),
  event_time: z.number(),
  event_type: z.string().min(1),
  resource_href: z.string().nullish(),
  meta: z
    .object({ resource_id: z.string().nullish(), status: z.string().nullish(), user_id: z.string().nullish(), org_uuid: z.string().nullish() })
    .nullish(),
});
export const UBER_HEALTH_STATUS_EVENT = 'health.status_changed';
