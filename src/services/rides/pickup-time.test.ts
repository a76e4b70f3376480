import { describe, expect, it } from 'vitest';
import type { RideEstimate } from '../../domain/ride';
import { chooseProduct, FALLBACK_TRAVEL_SECONDS, planPickup } from './pickup-time';

const estimate = (id: string, cents: number | null): RideEstimate => ({
  sourceId: 's',
  product: { id, displayName: id },
  price: cents === null ? null : { min: { amountMinor: cents, currency: 'USD' }, max: { amountMinor: cents, currency: 'USD' } },
  pickupEtaSeconds: null,
  durationSeconds: 600,
  quote: null,
  cancellation: null,
});

describe('pickup plan', () => {
  it('arrives the buffer before the start, leaving the trip time, rounded to an earlier minute', () => {
    const startMs = Date.parse('2030-03-10T08:30:00Z');
    const plan = planPickup({ startMs, arrivalBufferMinutes: 15, travelSeconds: 1_234 });
    expect(new Date(plan.arriveByMs).toISOString()).toBe('2030-03-10T08:15:00.000Z');
    expect(new Date(plan.pickupMs).toISOString()).toBe('2030-03-10T07:54:00.000Z'); // 07:54:26 rounded down
  });

  it('assumes a generous trip when the vendor gives none', () => {
    const plan = planPickup({ startMs: 10 * 3600_000, arrivalBufferMinutes: 0, travelSeconds: null });
    expect(plan.travelSeconds).toBe(FALLBACK_TRAVEL_SECONDS);
    expect(plan.pickupMs).toBe(10 * 3600_000 - FALLBACK_TRAVEL_SECONDS * 1000);
  });

  it('chooses the asked product, else the cheapest priced one', () => {
    const options = [estimate('xl', 2500), estimate('unpriced', null), estimate('x', 1200)];
    expect(chooseProduct(options)?.product.id).toBe('x');
    expect(chooseProduct(options, 'xl')?.product.id).toBe('xl');
    expect(chooseProduct(options, 'nope')).toBeNull();
    expect(chooseProduct([estimate('only', null)])?.product.id).toBe('only');
  });
});
