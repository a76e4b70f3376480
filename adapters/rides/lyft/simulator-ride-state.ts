import type { Clock } from '../../../src/ports/clock';
import { json, noContent, randomString, syntheticDrivers } from '../common/simulator-kit';
import { lyftApiError } from './simulator-api-error';
import { fareCents } from './simulator-estimates';
import { lyftCancelBody, type LyftRideStatus } from './wire';

/**
 * One simulated Lyft ride and how it changes: status moves (driver and vehicle once accepted,
 * pickup and drop-off times, the final price) and Lyft's two-step cancellation with a fee.
 */
export type SimulatedRideDetail = Record<string, unknown> & { ride_id: string; status: LyftRideStatus; ride_type: string };

export interface SimulatedRide {
  detail: SimulatedRideDetail;
  requestedAtMs: number;
  miles: number;
  cancelToken: { token: string; expiresAtMs: number } | null;
}

export interface RideStateContext {
  clock: Clock;
  random: () => number;
  /** Fee once a driver is assigned, in cents. */
  cancelFee: { amount: number; currency: string };
  /** Lifetime of a cancel confirmation token. */
  cancelTokenSeconds: number;
}

const cancellationPenalty = (fee: RideStateContext['cancelFee']) => ({ amount: fee.amount, currency: fee.currency, description: 'Cancellation penalty' });

/** POST /v1/rides/{id}/cancel: free before a driver is assigned; after, a fee the caller confirms with a short-lived token. */
export async function cancelRide(ride: SimulatedRide, request: Request, context: RideStateContext): Promise<Response> {
  const { clock, random, cancelFee } = context;
  const parsed = lyftCancelBody.safeParse(await request.json().catch(() => ({})));
  if (!parsed.success) return lyftApiError(400, 'bad_parameter');
  const status = ride.detail.status;
  if (status === 'canceled' || status === 'droppedOff' || status === 'pickedUp') return lyftApiError(409, 'ride_not_cancellable');
  if (status === 'accepted' || status === 'arrived') {
    const given = parsed.data.cancel_confirmation_token;
    if (given) {
      const valid = ride.cancelToken && ride.cancelToken.token === given && clock.now() <= ride.cancelToken.expiresAtMs;
      if (!valid) return lyftApiError(400, 'invalid_cancel_confirmation');
    } else {
      const seconds = context.cancelTokenSeconds;
      ride.cancelToken = { token: randomString(random, 7, '0123456789abcdef'), expiresAtMs: clock.now() + seconds * 1000 };
      return json(400, {
        error: 'cancel_confirmation_required',
        error_detail: [{ cancel_confirmation: 'a valid cancel_confirmation_token is required to cancel a ride' }],
        amount: cancelFee.amount,
        currency: cancelFee.currency,
        description: 'Cancellation penalty',
        token: ride.cancelToken.token,
        token_duration: seconds,
      });
    }
    ride.detail.price = cancellationPenalty(cancelFee);
  }
  ride.detail.status = 'canceled';
  ride.detail.canceled_by = 'dispatcher';
  delete ride.detail.cancellation_price;
  ride.cancelToken = null;
  return noContent();
}

/** Moves a ride to `status` as Lyft would show it: a driver once accepted, times at pickup and drop-off, the price at the end. */
export function applyStatus(ride: SimulatedRide, status: LyftRideStatus, context: RideStateContext, canceledBy?: 'passenger' | 'driver' | 'dispatcher'): void {
  const { random, cancelFee } = context;
  const detail = ride.detail;
  detail.status = status;
  if ((status === 'accepted' || status === 'arrived') && !detail.driver) {
    const driver = syntheticDrivers[Math.floor(random() * syntheticDrivers.length)] ?? syntheticDrivers[0];
    detail.driver = { first_name: driver.firstName, phone_number: driver.phone, rating: '4.9', image_url: 'https://example.invalid/driver.png', user_id: randomString(random, 10, '0123456789') };
    detail.vehicle = { make: driver.make, model: driver.model, color: driver.color, license_plate: driver.plate, license_plate_state: 'CA', year: 2022, image_url: 'https://example.invalid/car.png' };
  }
  if (status === 'accepted' || status === 'arrived') detail.cancellation_price = cancellationPenalty(cancelFee);
  else delete detail.cancellation_price;
  const place = (key: 'origin' | 'destination') => ({ ...(detail[key] as object), time: new Date(context.clock.now()).toISOString() });
  if (status === 'pickedUp') detail.pickup = place('origin');
  if (status === 'droppedOff') {
    detail.dropoff = place('destination');
    detail.price = { amount: fareCents(detail.ride_type, ride.miles), currency: 'USD', description: 'Total ride price' };
  }
  if (status === 'canceled') detail.canceled_by = canceledBy ?? 'driver';
}
