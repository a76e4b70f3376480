import type { Ride } from '../../src/domain/ride';

/** A scheduled ride as a vendor adapter answers it, for service tests; override what the test is about. */
export const scheduledRide = (overrides: Partial<Ride> = {}): Ride => ({
  sourceId: 'lyft',
  vendorRideId: 'r1',
  status: 'SCHEDULED',
  rawStatus: 'scheduled',
  statusReason: null,
  pickupAt: '2030-01-15T13:00:00.000Z',
  pickup: null,
  dropoff: null,
  driver: null,
  fare: null,
  cancellation: null,
  updatedAt: '2030-01-01T00:00:00.000Z',
  ...overrides,
});
