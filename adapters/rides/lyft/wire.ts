import { z } from 'zod';

/**
 * Lyft API v1 wire format (https://api.lyft.com/v1; public spec as published at /v1/spec and
 * mirrored in APIs-guru/openapi-directory, lyft.com 1.0.0). Field names are Lyft's. Objects are
 * parsed leniently (unknown fields dropped) because vendors add fields; what we read is checked.
 *
 * Not in the public spec, flagged where used: the Concierge fields `passenger.phone_number` (on
 * requests), `scheduled_pickup_time` and `internal_memo` (Concierge's "internal memo ... for
 * accounting or reconciliation", which carries our opaque booking reference). Confirm their exact
 * names against your Lyft Concierge contract before production.
 */

/** Lyft documents ride ids as strings but its own examples show numbers. */
const lyftId = z.union([z.string().min(1), z.number().int()]).transform(String);

/** POST /oauth/token's answer; `scope` is what was granted, `refresh_token` a rotated one (if Lyft rotates). */
export const lyftTokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().positive(),
  scope: z.string().optional(),
  refresh_token: z.string().min(1).optional(),
});

export const lyftCostEstimate = z.object({
  ride_type: z.string(),
  display_name: z.string(),
  /** ISO 4217; absent in Lyft's own examples (US-only), so USD is assumed then. */
  currency: z.string().length(3).nullish(),
  estimated_cost_cents_min: z.number().int().nullish(),
  estimated_cost_cents_max: z.number().int().nullish(),
  estimated_duration_seconds: z.number().int().nullish(),
  estimated_distance_miles: z.number().nullish(),
  cost_token: z.string().nullish(),
  is_valid_estimate: z.boolean().nullish(),
  primetime_percentage: z.string().nullish(),
});
export const lyftCostResponse = z.object({ cost_estimates: z.array(lyftCostEstimate) });
export type LyftCostEstimate = z.infer<typeof lyftCostEstimate>;

export const lyftEta = z.object({
  ride_type: z.string(),
  display_name: z.string().nullish(),
  eta_seconds: z.number().int().nullish(),
  is_valid_estimate: z.boolean().nullish(),
});
export const lyftEtaResponse = z.object({ eta_estimates: z.array(lyftEta) });
export type LyftEta = z.infer<typeof lyftEta>;

export const lyftLocation = z.object({ lat: z.number(), lng: z.number(), address: z.string().nullish() });
const lyftTimedLocation = lyftLocation.extend({ time: z.string().nullish() });

/** Lyft `Cost`: integer minor units. */
export const lyftCost = z.object({ amount: z.number().int(), currency: z.string().length(3), description: z.string().nullish() });

export const lyftRideStatuses = ['pending', 'accepted', 'arrived', 'pickedUp', 'droppedOff', 'canceled', 'scheduled', 'unknown'] as const;
export type LyftRideStatus = (typeof lyftRideStatuses)[number];

/** `RideDetail` (GET /v1/rides/{id}, GET /v1/rides, webhook `event`). Status stays an open string. */
export const lyftRideDetail = z.object({
  ride_id: lyftId,
  status: z.string().min(1),
  ride_type: z.string().nullish(),
  origin: lyftLocation.nullish(),
  destination: lyftLocation.nullish(),
  pickup: lyftTimedLocation.nullish(),
  dropoff: lyftTimedLocation.nullish(),
  driver: z.object({ first_name: z.string(), phone_number: z.string().nullish() }).nullish(),
  vehicle: z
    .object({ make: z.string().nullish(), model: z.string().nullish(), color: z.string().nullish(), license_plate: z.string().nullish() })
    .nullish(),
  price: lyftCost.nullish(),
  canceled_by: z.string().nullish(),
  cancellation_price: lyftCost.extend({ token: z.string().nullish(), token_duration: z.number().int().nullish() }).nullish(),
  requested_at: z.string().nullish(),
  generated_at: z.string().nullish(),
  /** Concierge (not in the public spec). */
  scheduled_pickup_time: z.string().nullish(),
  /** Concierge (not in the public spec): our booking reference. */
  internal_memo: z.string().nullish(),
});
export type LyftRideDetail = z.infer<typeof lyftRideDetail>;

/** `RideRequest`: the 201 answer to POST /v1/rides (minimal; GET has the rest). */
export const lyftRideCreated = z.object({
  ride_id: lyftId,
  status: z.string().min(1),
  origin: lyftLocation.nullish(),
  destination: lyftLocation.nullish(),
});

export const lyftRideHistory = z.object({ ride_history: z.array(lyftRideDetail) });

/** What we POST to /v1/rides; strict, so the simulator rejects anything extra we might leak. */
const lyftRequestLocation = z.strictObject({ lat: z.number(), lng: z.number(), address: z.string().min(1) });
export const lyftRideRequestBody = z.strictObject({
  ride_type: z.string().min(1),
  origin: lyftRequestLocation,
  destination: lyftRequestLocation,
  passenger: z.strictObject({ first_name: z.string().min(1), last_name: z.string().min(1), phone_number: z.string().min(1) }),
  cost_token: z.string().min(1).optional(),
  scheduled_pickup_time: z.string().min(1).optional(),
  internal_memo: z.string().min(1).optional(),
});
export type LyftRideRequestBody = z.infer<typeof lyftRideRequestBody>;

export const lyftCancelBody = z.strictObject({ cancel_confirmation_token: z.string().min(1).optional() });

/** `ApiError`. `error` is a slug such as bad_parameter; `error_description` may echo input, so it is never passed on. */
export const lyftApiError = z.object({ error: z.string(), error_description: z.string().nullish() });

/** `CancellationCostError`: 400 `cancel_confirmation_required` with the fee and a short-lived token. */
export const lyftCancellationCostError = z.object({
  error: z.string(),
  amount: z.number().int(),
  currency: z.string().length(3),
  token: z.string().min(1),
  token_duration: z.number().int().positive(),
});

/** Webhook body; signed with `X-Lyft-Signature: sha256=<base64 HMAC-SHA256(raw body)>`. */
export const LYFT_STATUS_EVENT = 'ride.status.updated';
export const lyftWebhook = z.object({
  event_id: z.string().min(1),
  event_type: z.string().min(1),
  occurred_at: z.string().min(1),
  href: z.string().nullish(),
  event: z.unknown(),
});
