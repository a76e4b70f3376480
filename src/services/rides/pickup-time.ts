import type { RideEstimate } from '../../domain/ride';

/**
 * When the car should come: early enough that the rider is at the clinic `arrivalBufferMinutes`
 * before the appointment, given the vendor's estimated trip time. All arithmetic is on instants,
 * so a DST change between pickup and appointment cannot shift it; the zone only matters for
 * showing the time (see zoned-time.ts).
 */
export interface PickupPlan {
  /** When the rider should be at the clinic. */
  arriveByMs: number;
  /** When the driver should be at the pickup: whole minutes, rounded earlier. */
  pickupMs: number;
  /** The trip time the plan assumed. */
  travelSeconds: number;
}

/** Used when the vendor gives no trip duration: long enough for most urban trips to a clinic. */
export const FALLBACK_TRAVEL_SECONDS = 45 * 60;

export function planPickup(options: { startMs: number; arrivalBufferMinutes: number; travelSeconds: number | null }): PickupPlan {
  const travelSeconds = options.travelSeconds ?? FALLBACK_TRAVEL_SECONDS;
  const arriveByMs = options.startMs - options.arrivalBufferMinutes * 60_000;
  const pickupMs = Math.floor((arriveByMs - travelSeconds * 1000) / 60_000) * 60_000;
  return { arriveByMs, pickupMs, travelSeconds };
}

/** The product to book: the one asked for, else the cheapest priced one, else the vendor's first. */
export function chooseProduct(estimates: readonly RideEstimate[], productId?: string): RideEstimate | null {
  if (productId) return estimates.find((estimate) => estimate.product.id === productId) ?? null;
  const priced = estimates.filter((estimate) => estimate.price !== null);
  const cheapest = [...priced].sort((a, b) => (a.price?.min.amountMinor ?? 0) - (b.price?.min.amountMinor ?? 0))[0];
  return cheapest ?? estimates[0] ?? null;
}
