import type { RideStatus, RideStatusReason } from '../../../src/domain/ride';

/** Uber Health trip status -> ours, with the reason the status itself implies. Unknown codes -> null. */
export const uberStatusTable: Readonly<Record<string, { status: RideStatus; reason: RideStatusReason | null }>> = {
  processing: { status: 'REQUESTED', reason: null },
  scheduled: { status: 'SCHEDULED', reason: null },
  /** A flexible ride the rider may call now. */
  offered: { status: 'SCHEDULED', reason: null },
  accepted: { status: 'DRIVER_ASSIGNED', reason: null },
  /** "The driver has arrived or will be shortly." */
  arriving: { status: 'DRIVER_ARRIVED', reason: null },
  in_progress: { status: 'IN_PROGRESS', reason: null },
  completed: { status: 'COMPLETED', reason: null },
  no_drivers_available: { status: 'NO_DRIVERS', reason: null },
  driver_canceled: { status: 'CANCELED', reason: 'CANCELED_BY_DRIVER' },
  rider_canceled: { status: 'CANCELED', reason: 'CANCELED_BY_RIDER' },
  failed: { status: 'FAILED', reason: null },
  expired: { status: 'CANCELED', reason: 'EXPIRED' },
  /** The driver dropped out; Uber is finding another: back to REQUESTED (see canTransition). */
  driver_redispatched: { status: 'REQUESTED', reason: 'REDISPATCHED' },
};

export function mapUberStatus(raw: string, statusDetail?: string | null): { status: RideStatus; reason: RideStatusReason | null } | null {
  const mapped = Object.prototype.hasOwnProperty.call(uberStatusTable, raw) ? uberStatusTable[raw] : undefined;
  if (!mapped) return null;
  if (raw === 'rider_canceled' && statusDetail === 'coordinator_canceled') return { status: 'CANCELED', reason: 'CANCELED_BY_PARTNER' };
  return mapped;
}
