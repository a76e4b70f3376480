import type { FeeConfirmationRequired, Ride, RideEstimate, RideEstimateInput, RideRequest, RideStatusEvent } from '../domain/ride';

/**
 * One ride-share source (one account at a ride vendor). Every method throws GatewayErrors only:
 * BAD_INPUT (the vendor refused what we sent), NOT_FOUND, CONFLICT (the ride cannot do that now),
 * RATE_LIMITED (our own per-vendor budget is spent), UPSTREAM_* (transport, vendor failures).
 */
/** Why a signed webhook is refused: a slug for the log line and the 401 answer (never PHI). */
export interface WebhookRefusal {
  refused: 'wrong-environment';
}

export interface RidePort {
  readonly sourceId: string;

  /** Products with price range, pickup ETA and a quote token, for a pickup and a drop-off. */
  estimate(input: RideEstimateInput): Promise<RideEstimate[]>;

  /**
   * Books a ride. NOT idempotent at the vendor: it is never retried. The adapter attaches
   * `externalReference` (opaque, PHI-free, `[A-Za-z0-9_-]`, at most 64 characters) to the
   * booking in the vendor's own memo field, so the caller can find the booking again with
   * `findByExternalReference` (after UPSTREAM_TIMEOUT, or when our own records are lost)
   * instead of booking (and charging) twice.
   */
  book(request: RideRequest, options: { externalReference: string }): Promise<Ride>;

  /** Current state of one ride. NOT_FOUND when the vendor does not know the id. */
  get(vendorRideId: string): Promise<Ride>;

  /**
   * The ride booked with this reference, or null. Neither vendor can filter by it, so adapters
   * scan the vendor's ride lists within a bounded window (time or pages, per adapter options):
   * a booking older than that is not found. Throws when the vendor cannot be asked.
   */
  findByExternalReference(reference: string): Promise<Ride | null>;

  /**
   * Cancels a ride. When the vendor charges a fee the caller has not accepted yet, answers
   * `{ feeConfirmationRequired }` and cancels nothing; calling again with that token accepts the
   * fee and cancels. Answers the ride as it stands after cancelling.
   */
  cancel(vendorRideId: string, options?: { confirmationToken?: string }): Promise<Ride | FeeConfirmationRequired>;

  /**
   * Whether a webhook really comes from the vendor: HMAC of the RAW body bytes with the webhook
   * secret, compared in constant time. Call before parsing; never throws. `{ refused }` is a
   * vendor-signed webhook refused all the same (e.g. sent by the vendor's other environment).
   */
  verifyWebhook(rawBody: Uint8Array, headers: Headers): Promise<boolean | WebhookRefusal>;

  /**
   * Reads a verified webhook body. Null for event types that carry no ride status (acknowledge and
   * ignore them). BAD_INPUT when the body is not the vendor's shape.
   */
  parseWebhook(rawBody: Uint8Array): RideStatusEvent | null;

  /** Cheap reachability probe for /readyz; never throws. */
  ping(): Promise<boolean>;

  /**
   * A setup problem that stops this source booking although it answers (e.g. a token without the
   * ride scopes), as a short text naming the source for /readyz `warnings`; null when none. Never throws.
   */
  setupWarning?(): Promise<string | null>;
}
