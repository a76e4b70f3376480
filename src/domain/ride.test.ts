import { describe, expect, it } from 'vitest';
import {
  canTransition,
  isTerminal,
  lifecycleRank,
  rideNote,
  rideRequest,
  rideStatuses,
  type RideRequest,
  type RideStatus,
} from './ride';

const validRequest: RideRequest = {
  rider: { firstName: 'Test', lastName: 'Rider', phone: '+15555550100' },
  pickup: { lat: 39.78, lng: -89.65, addressLines: ['100 Example Ave'], city: 'Springfield', state: 'IL', postalCode: '62701' },
  dropoff: { lat: 39.79, lng: -89.64, addressLines: ['800 Sample Blvd'], city: 'Springfield', state: 'IL', postalCode: '62702' },
  productId: 'lyft',
  schedule: { kind: 'at', instant: '2026-03-02T16:30:00-06:00', timeZone: 'America/Chicago' },
};

describe('ride lifecycle', () => {
  it('knows which statuses are terminal', () => {
    const terminal = rideStatuses.filter(isTerminal);
    expect(terminal.sort()).toEqual(['CANCELED', 'COMPLETED', 'FAILED', 'NO_DRIVERS']);
  });

  it('ranks the journey in order', () => {
    const journey: RideStatus[] = ['SCHEDULED', 'REQUESTED', 'DRIVER_ASSIGNED', 'DRIVER_ARRIVED', 'IN_PROGRESS', 'COMPLETED'];
    const ranks = journey.map(lifecycleRank);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(new Set(ranks).size).toBe(journey.length);
  });

  it('never leaves a terminal status', () => {
    for (const from of rideStatuses.filter(isTerminal)) {
      for (const to of rideStatuses) expect(canTransition(from, to, { allowRedispatch: true }), `${from}->${to}`).toBe(false);
    }
  });

  it('moves forward, ignores late out-of-order updates, and lets any live ride end', () => {
    expect(canTransition('REQUESTED', 'DRIVER_ASSIGNED')).toBe(true);
    expect(canTransition('SCHEDULED', 'REQUESTED')).toBe(true);
    expect(canTransition('DRIVER_ARRIVED', 'DRIVER_ASSIGNED')).toBe(false);
    expect(canTransition('IN_PROGRESS', 'REQUESTED', { allowRedispatch: true })).toBe(false);
    expect(canTransition('SCHEDULED', 'CANCELED')).toBe(true);
    expect(canTransition('DRIVER_ASSIGNED', 'DRIVER_ASSIGNED')).toBe(true);
  });

  it('allows going back to REQUESTED only for a re-dispatch', () => {
    expect(canTransition('DRIVER_ASSIGNED', 'REQUESTED')).toBe(false);
    expect(canTransition('DRIVER_ASSIGNED', 'REQUESTED', { allowRedispatch: true })).toBe(true);
    expect(canTransition('DRIVER_ARRIVED', 'REQUESTED', { allowRedispatch: true })).toBe(true);
    expect(canTransition('DRIVER_ARRIVED', 'SCHEDULED', { allowRedispatch: true })).toBe(false);
  });
});

describe('ride request validation', () => {
  it('accepts a complete request', () => {
    expect(rideRequest.safeParse(validRequest).success).toBe(true);
  });

  it('requires an E.164 phone number', () => {
    for (const phone of ['5555550100', '+0555550100', '+1 555 555 0100', '+1234567890123456']) {
      expect(rideRequest.safeParse({ ...validRequest, rider: { ...validRequest.rider, phone } }).success, phone).toBe(false);
    }
  });

  it('requires an IANA time zone and an ISO instant with offset', () => {
    const at = (instant: string, timeZone: string) => ({ ...validRequest, schedule: { kind: 'at' as const, instant, timeZone } });
    expect(rideRequest.safeParse(at('2026-03-02T16:30:00Z', 'America/Chicago')).success).toBe(true);
    expect(rideRequest.safeParse(at('2026-03-02T16:30:00', 'America/Chicago')).success).toBe(false);
    expect(rideRequest.safeParse(at('2026-03-02T16:30:00Z', 'Mars/Olympus')).success).toBe(false);
    expect(rideRequest.safeParse(at('2026-03-02T16:30:00Z', 'CST')).success).toBe(false);
    const flexible = { ...validRequest, schedule: { kind: 'flexible', date: '2026-03-02', timeZone: 'America/Chicago' } };
    expect(rideRequest.safeParse(flexible).success).toBe(true);
    expect(rideRequest.safeParse({ ...flexible, schedule: { ...flexible.schedule, date: '03/02/2026' } }).success).toBe(false);
  });

  it('keeps notes short and free of id-like digit runs', () => {
    expect(rideNote.safeParse('Meet at gate 3, blue awning').success).toBe(true);
    expect(rideNote.safeParse('Suite 100, use the north door').success).toBe(true);
    expect(rideNote.safeParse('MRN 12345678').success).toBe(false);
    expect(rideNote.safeParse('call 555-123-4567').success).toBe(false);
    expect(rideNote.safeParse('member 123 456').success).toBe(false);
    expect(rideNote.safeParse('x'.repeat(201)).success).toBe(false);
  });

  it('requires a full pickup address', () => {
    const pickup = { ...validRequest.pickup, addressLines: [] };
    expect(rideRequest.safeParse({ ...validRequest, pickup }).success).toBe(false);
  });
});
