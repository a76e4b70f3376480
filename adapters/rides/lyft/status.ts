import type { RideStatus, RideStatusReason } from '../../../src/domain/ride';

/** Lyft ride status -> ours. `unknown` (a documented Lyft value) and new codes map to null. */
export const lyftStatusTable: Readonly<Record<string, RideStatus>> = {
  pending: 'REQUESTED',
  scheduled: 'SCHEDULED',
  accepted: 'DRIVER_ASSIGNED',
  arrived: 'DRIVER_ARRIVED',
  pickedUp: 'IN_PROGRESS',
  droppedOff: 'COMPLETED',
  canceled: 'CANCELED',
};

export const mapLyftStatus = (raw: string): RideStatus | null =>
  Object.prototype.hasOwnProperty.call(lyftStatusTable, raw) ? (lyftStatusTable[raw] ?? null) : null;

/** `canceled_by` roles: Lyft's `can_cancel` names driver, passenger and dispatcher (the booking org). */
export function mapLyftCanceledBy(status: string, canceledBy: string | null | undefined): RideStatusReason | null {
  if (status !== 'canceled') return null;
  switch (canceledBy) {
    case 'passenger':
      return 'CANCELED_BY_RIDER';
    case 'driver':
      return 'CANCELED_BY_DRIVER';
    case 'dispatcher':
      return 'CANCELED_BY_PARTNER';
    default:
      return 'CANCELED_BY_VENDOR';
  }
}
