import { GatewayError } from '../../../src/domain/errors';
import type { Ride, RideEstimate, RideRequest } from '../../../src/domain/ride';
import { formatAddress, placeFromVendor } from '../common/place';
import { mapLyftCanceledBy, mapLyftStatus } from './status';
import type { LyftCostEstimate, LyftEta, LyftRideDetail, LyftRideRequestBody } from './wire';

/** Lyft wire <-> domain. Pure functions: no I/O, time passed in. */

/**
 * The booking body: rider name and phone, pickup, drop-off, time, product, quote and our opaque
 * reference. Nothing else about the patient exists here to leak. The note is not sent: Lyft's
 * public API has no driver-note field.
 */
export function toLyftBookingBody(request: RideRequest, reference: string): LyftRideRequestBody {
  return {
    ride_type: request.productId,
    origin: { lat: request.pickup.lat, lng: request.pickup.lng, address: formatAddress(request.pickup) },
    destination: { lat: request.dropoff.lat, lng: request.dropoff.lng, address: formatAddress(request.dropoff) },
    passenger: { first_name: request.rider.firstName, last_name: request.rider.lastName, phone_number: request.rider.phone },
    ...(request.quoteToken ? { cost_token: request.quoteToken } : {}),
    ...(request.schedule.kind === 'at' ? { scheduled_pickup_time: new Date(request.schedule.instant).toISOString() } : {}),
    internal_memo: reference,
  };
}

export function toRideEstimates(sourceId: string, costs: readonly LyftCostEstimate[], etas: readonly LyftEta[]): RideEstimate[] {
  const etaByType = new Map(etas.filter((eta) => eta.is_valid_estimate !== false).map((eta) => [eta.ride_type, eta.eta_seconds ?? null]));
  return costs.map((cost) => {
    const currency = (cost.currency ?? 'USD').toUpperCase();
    const min = cost.estimated_cost_cents_min;
    const max = cost.estimated_cost_cents_max;
    const priced = cost.is_valid_estimate !== false && typeof min === 'number' && typeof max === 'number';
    return {
      sourceId,
      product: { id: cost.ride_type, displayName: cost.display_name },
      // Lyft's own example has min > max; order them rather than publish an inverted range.
      price: priced
        ? { min: { amountMinor: Math.min(min, max), currency }, max: { amountMinor: Math.max(min, max), currency } }
        : null,
      pickupEtaSeconds: etaByType.get(cost.ride_type) ?? null,
      durationSeconds: cost.estimated_duration_seconds ?? null,
      quote: cost.cost_token ? { token: cost.cost_token, expiresAt: null } : null,
      cancellation: null,
    };
  });
}

function requireStatus(sourceId: string, raw: string) {
  const status = mapLyftStatus(raw);
  if (status === null) {
    throw new GatewayError('UPSTREAM_INVALID', 'Ride source reported a status we do not know', { details: { sourceId, rawStatus: raw } });
  }
  return status;
}

const isoOrNull = (value: string | null | undefined): string | null => {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};

export function toRide(sourceId: string, detail: LyftRideDetail, now: string): Ride {
  const status = requireStatus(sourceId, detail.status);
  const vehicle = detail.vehicle;
  const fee = detail.cancellation_price;
  return {
    sourceId,
    vendorRideId: detail.ride_id,
    status,
    rawStatus: detail.status,
    statusReason: mapLyftCanceledBy(detail.status, detail.canceled_by),
    pickupAt: isoOrNull(detail.scheduled_pickup_time) ?? isoOrNull(detail.pickup?.time),
    pickup: detail.origin ? placeFromVendor(detail.origin.lat, detail.origin.lng, detail.origin.address) : null,
    dropoff: detail.destination ? placeFromVendor(detail.destination.lat, detail.destination.lng, detail.destination.address) : null,
    driver: detail.driver
      ? {
          firstName: detail.driver.first_name,
          phone: detail.driver.phone_number ?? null,
          vehicle: {
            make: vehicle?.make ?? null,
            model: vehicle?.model ?? null,
            color: vehicle?.color ?? null,
            licensePlate: vehicle?.license_plate ?? null,
          },
        }
      : null,
    fare: detail.price ? { amountMinor: detail.price.amount, currency: detail.price.currency.toUpperCase() } : null,
    cancellation:
      fee && status !== 'CANCELED' && status !== 'COMPLETED'
        ? {
            fee: { amountMinor: fee.amount, currency: fee.currency.toUpperCase() },
            confirmationToken: fee.token ?? null,
            expiresAt: fee.token && fee.token_duration ? new Date(Date.parse(now) + fee.token_duration * 1000).toISOString() : null,
          }
        : null,
    updatedAt: isoOrNull(detail.generated_at) ?? now,
  };
}

/** The 201 answer is minimal; fill what we already know from the request. */
export function toBookedRide(
  sourceId: string,
  created: { ride_id: string; status: string; origin?: LyftRideDetail['origin']; destination?: LyftRideDetail['destination'] },
  request: RideRequest,
  now: string,
): Ride {
  const ride = toRide(sourceId, { ...created, origin: created.origin ?? null, destination: created.destination ?? null }, now);
  return {
    ...ride,
    pickupAt: ride.pickupAt ?? (request.schedule.kind === 'at' ? new Date(request.schedule.instant).toISOString() : null),
    pickup: ride.pickup ?? placeFromVendor(request.pickup.lat, request.pickup.lng, formatAddress(request.pickup)),
    dropoff: ride.dropoff ?? placeFromVendor(request.dropoff.lat, request.dropoff.lng, formatAddress(request.dropoff)),
  };
}
