import type { Money } from '../../../src/domain/common';
import { GatewayError } from '../../../src/domain/errors';
import type { Ride, RideEstimate, RideRequest } from '../../../src/domain/ride';
import { decimalToMoney } from '../../../src/domain/money';
import { formatAddress, isoFromEpochMs, placeFromVendor } from '../common/place';
import { mapUberStatus } from './status';
import type { UberProductEstimate, UberTrip, UberTripRequestBody } from './wire';

/** Uber Health wire <-> domain. Pure functions: no I/O, time passed in. */

/** The booking body: rider name and phone, pickup, drop-off, time, product, quote, reference, and the PHI-free note. */
export function toUberTripBody(request: RideRequest, reference: string): UberTripRequestBody {
  const schedule = request.schedule;
  return {
    guest: { first_name: request.rider.firstName, last_name: request.rider.lastName, phone_number: request.rider.phone },
    pickup: { latitude: request.pickup.lat, longitude: request.pickup.lng, address: formatAddress(request.pickup) },
    dropoff: { latitude: request.dropoff.lat, longitude: request.dropoff.lng, address: formatAddress(request.dropoff) },
    product_id: request.productId,
    ...(request.quoteToken ? { fare_id: request.quoteToken } : {}),
    ...(schedule.kind === 'at' ? { scheduling: { pickup_time: Date.parse(schedule.instant) } } : {}),
    ...(schedule.kind === 'flexible' ? { deferred_ride_options: { pickup_day: schedule.date } } : {}),
    ...(request.note ? { note_for_driver: request.note } : {}),
    expense_memo: reference,
  };
}

function money(sourceId: string, value: number | string, currency: string): Money {
  const result = decimalToMoney(value, currency);
  if (!result) throw new GatewayError('UPSTREAM_INVALID', 'Ride source sent an unreadable amount', { details: { sourceId } });
  return result;
}

const formatMoney = (m: Money, digits: number): string =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: m.currency }).format(m.amountMinor / 10 ** digits);

export function toRideEstimates(sourceId: string, estimates: readonly UberProductEstimate[]): RideEstimate[] {
  return estimates.map(({ product, estimate_info: info }) => {
    const currency = info.fare?.currency_code ?? info.estimate?.currency_code ?? null;
    let price: RideEstimate['price'] = null;
    if (info.fare) {
      const fare = money(sourceId, info.fare.value, info.fare.currency_code);
      price = { min: fare, max: fare };
    } else if (info.estimate && info.estimate.low_estimate != null && info.estimate.high_estimate != null) {
      price = { min: money(sourceId, info.estimate.low_estimate, info.estimate.currency_code), max: money(sourceId, info.estimate.high_estimate, info.estimate.currency_code) };
    }
    const fareId = info.fare_id ?? info.fare?.fare_id ?? null;
    const expiresAt = info.fare?.expires_at ? isoFromEpochMs(info.fare.expires_at * 1000) : null;
    const policy = product.cancellation;
    const fee = policy?.min_cancellation_fee != null && currency ? money(sourceId, policy.min_cancellation_fee, currency) : null;
    const grace = policy?.cancellation_grace_period_threshold_sec ?? null;
    const digits = fee ? (new Intl.NumberFormat('en-US', { style: 'currency', currency: fee.currency }).resolvedOptions().maximumFractionDigits ?? 2) : 2;
    return {
      sourceId,
      product: { id: product.product_id, displayName: product.display_name },
      price,
      pickupEtaSeconds: info.pickup_estimate != null ? Math.round(info.pickup_estimate * 60) : null,
      durationSeconds: info.trip?.duration_estimate != null ? Math.round(info.trip.duration_estimate) : null,
      quote: fareId ? { token: fareId, expiresAt } : null,
      cancellation: policy
        ? {
            fee,
            freeWithinSeconds: grace,
            policyText:
              grace !== null && fee
                ? `Free to cancel within ${grace} seconds of booking; after that a fee of at least ${formatMoney(fee, digits)} may apply.`
                : null,
          }
        : null,
    };
  });
}

export function toRide(sourceId: string, trip: UberTrip, now: string): Ride {
  const mapped = mapUberStatus(trip.status, trip.status_detail);
  if (!mapped) {
    throw new GatewayError('UPSTREAM_INVALID', 'Ride source reported a status we do not know', { details: { sourceId, rawStatus: trip.status } });
  }
  const drop = trip.destination ?? trip.dropoff;
  const scheduledAt = trip.scheduling?.pickup_time ?? null;
  return {
    sourceId,
    vendorRideId: trip.request_id,
    status: mapped.status,
    rawStatus: trip.status,
    statusReason: mapped.reason,
    pickupAt: scheduledAt ? isoFromEpochMs(scheduledAt) : trip.begin_trip_time ? isoFromEpochMs(trip.begin_trip_time) : null,
    pickup: trip.pickup ? placeFromVendor(trip.pickup.latitude, trip.pickup.longitude, trip.pickup.address) : null,
    dropoff: drop ? placeFromVendor(drop.latitude, drop.longitude, drop.address) : null,
    driver: trip.driver
      ? {
          // Uber gives one `name`, already the driver's first name in rider-facing surfaces.
          firstName: trip.driver.name.split(/\s+/)[0] ?? trip.driver.name,
          phone: trip.driver.phone_number ?? null,
          vehicle: {
            make: trip.vehicle?.make ?? null,
            model: trip.vehicle?.model ?? null,
            color: trip.vehicle?.vehicle_color_name ?? null,
            licensePlate: trip.vehicle?.license_plate ?? null,
          },
        }
      : null,
    fare: trip.fare ? money(sourceId, trip.fare.value, trip.fare.currency_code) : null,
    // Uber charges its cancellation fee without a confirmation step, so there is none to offer.
    cancellation: null,
    updatedAt: now,
  };
}
