import { describe, expect, it } from 'vitest';
import type { Ride } from '../../domain/ride';
import { scheduledRide } from '../../../test/shared/ride-fixture';
import { mergeSnapshot } from './ride-updates';

const ride = (overrides: Partial<Ride>): Ride =>
  scheduledRide({ sourceId: 's', pickup: { lat: 1, lng: 2, addressLines: ['1 Main St'], city: 'Emporia', state: 'KS', postalCode: '66801' }, ...overrides });
const driver = { firstName: 'Avery', phone: null, vehicle: { make: null, model: null, color: null, licensePlate: 'SIM1001' } };

describe('mergeSnapshot', () => {
  it('moves forward with the vendor and keeps our full addresses', () => {
    const merged = mergeSnapshot(ride({}), ride({ status: 'DRIVER_ASSIGNED', rawStatus: 'accepted', driver, pickup: { lat: 1, lng: 2, addressLines: ['1 Main St, Emporia'], city: null, state: null, postalCode: null } }));
    expect(merged.status).toBe('DRIVER_ASSIGNED');
    expect(merged.driver?.firstName).toBe('Avery');
    expect(merged.pickup?.city).toBe('Emporia');
  });

  it('never moves back, but takes the re-dispatch a vendor snapshot shows', () => {
    const arrived = ride({ status: 'DRIVER_ARRIVED', rawStatus: 'arrived', driver });
    expect(mergeSnapshot(arrived, ride({ status: 'DRIVER_ASSIGNED' })).status).toBe('DRIVER_ARRIVED');
    const again = mergeSnapshot(arrived, ride({ status: 'REQUESTED', rawStatus: 'processing' }));
    expect(again.status).toBe('REQUESTED');
    expect(again.driver).toBeNull();
  });

  it('keeps a terminal state, while still taking the details that come with it', () => {
    const completed = ride({ status: 'COMPLETED', rawStatus: 'completed' });
    expect(mergeSnapshot(completed, ride({ status: 'IN_PROGRESS' })).status).toBe('COMPLETED');
    expect(mergeSnapshot(completed, ride({ status: 'COMPLETED', fare: { amountMinor: 1234, currency: 'USD' } })).fare?.amountMinor).toBe(1234);
    expect(mergeSnapshot(ride({ status: 'CANCELED' }), ride({ status: 'COMPLETED' })).status).toBe('CANCELED');
  });
});
