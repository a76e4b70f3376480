import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeHex, hmacSha256, importHmacKey } from '../common/hmac';
import { manualClock } from '../../../test/shared/manual-clock';
import { createUberHealthRideAdapter } from './adapter';
import { toRide, toRideEstimates } from './mapping';
import { uberApiError, uberEstimatesResponse, uberTrip, uberTripList } from './wire';

/** Recorded-shape fixtures (test/fixtures/uber-health, see its README) through the wire schemas and mapping. */
const path = (name: string) => new URL(`../../../test/fixtures/uber-health/${name}`, import.meta.url);
const fixture = (name: string): unknown => JSON.parse(readFileSync(path(name), 'utf8'));
const now = '2026-03-02T15:10:00.000Z';

describe('Uber Health wire fixtures', () => {
  it('maps estimates: decimal dollars to cents, ranges, ETA minutes, fare expiry, cancellation policy', () => {
    const [uberX, uberXL] = toRideEstimates('uber-main', uberEstimatesResponse.parse(fixture('estimates.json')).product_estimates);
    expect(uberX).toEqual({
      sourceId: 'uber-main',
      product: { id: '5f0c0a52-0000-4000-a000-000000000001', displayName: 'UberX' },
      price: { min: { amountMinor: 1230, currency: 'USD' }, max: { amountMinor: 1230, currency: 'USD' } },
      pickupEtaSeconds: 240,
      durationSeconds: 780,
      quote: { token: '0e3f0c1a-0000-4000-a000-00000000f001', expiresAt: '2026-03-02T15:05:00.000Z' },
      cancellation: {
        fee: { amountMinor: 500, currency: 'USD' },
        freeWithinSeconds: 120,
        policyText: 'Free to cancel within 120 seconds of booking; after that a fee of at least $5.00 may apply.',
      },
    });
    expect(uberXL).toMatchObject({
      price: { min: { amountMinor: 1700, currency: 'USD' }, max: { amountMinor: 2150, currency: 'USD' } },
      pickupEtaSeconds: null,
      quote: { token: '0e3f0c1a-0000-4000-a000-00000000f002', expiresAt: null },
      cancellation: { fee: { amountMinor: 750, currency: 'USD' } },
    });
  });

  it('maps an accepted scheduled trip', () => {
    expect(toRide('uber-main', uberTrip.parse(fixture('trip-accepted.json')), now)).toEqual({
      sourceId: 'uber-main',
      vendorRideId: '7a1d0c9e-0000-4000-a000-0000000000a1',
      status: 'DRIVER_ASSIGNED',
      rawStatus: 'accepted',
      statusReason: null,
      pickupAt: '2026-03-02T16:30:00.000Z',
      pickup: { lat: 39.7817, lng: -89.6501, addressLines: ['100 Example Ave, Springfield, IL 62701, US'], city: null, state: null, postalCode: null },
      dropoff: { lat: 39.799, lng: -89.644, addressLines: ['800 Sample Blvd, Springfield, IL 62702, US'], city: null, state: null, postalCode: null },
      driver: { firstName: 'Sam', phone: '+15555550123', vehicle: { make: 'Toyota', model: 'Camry', color: 'Gray', licensePlate: 'TEST123' } },
      fare: null,
      cancellation: null,
      updatedAt: now,
    });
  });

  it('maps a completed trip (19.99 -> 1999 cents) and a coordinator cancellation', () => {
    const done = toRide('uber-main', uberTrip.parse(fixture('trip-completed.json')), now);
    expect(done).toMatchObject({ status: 'COMPLETED', fare: { amountMinor: 1999, currency: 'USD' }, pickupAt: '2026-03-02T15:07:00.000Z' });
    expect(done.driver?.firstName).toBe('Sam');
    const canceled = toRide('uber-main', uberTrip.parse(fixture('trip-rider-canceled.json')), now);
    expect(canceled).toMatchObject({ status: 'CANCELED', statusReason: 'CANCELED_BY_PARTNER', fare: { amountMinor: 500, currency: 'USD' } });
  });

  it('reads trip lists and error bodies', () => {
    const list = uberTripList.parse(fixture('trip-list.json'));
    expect(list.next_key).toBe('fixture-next-key');
    expect(list.trips[0]?.expense_memo).toBe('cg-fixturereference0000000000000001');
    expect(uberApiError.parse(fixture('error-validation.json')).code).toBe('validation_failed');
  });

  it('verifies and parses the recorded webhook', async () => {
    const adapter = createUberHealthRideAdapter({
      sourceId: 'uber-main',
      baseUrl: 'http://127.0.0.1:9',
      environment: 'production',
      fetch: () => Promise.reject(new Error('no network in this test')),
      clock: manualClock(),
      credentials: { clientId: 'id', clientSecret: 'secret' },
      webhookSecret: 'fixture-key',
      timeoutMs: 1000,
    });
    const body = new Uint8Array(readFileSync(path('webhook-status-changed.json')));
    const signature = encodeHex(await hmacSha256(await importHmacKey('fixture-key'), body));
    expect(await adapter.verifyWebhook(body, new Headers({ 'X-Uber-Signature': signature, 'X-Environment': 'production' }))).toBe(true);
    expect(adapter.parseWebhook(body)).toEqual({
      eventId: '3f9a6c1e-0000-4000-a000-0000000000e1',
      vendorRideId: '7a1d0c9e-0000-4000-a000-0000000000a1',
      rawStatus: 'arriving',
      status: 'DRIVER_ARRIVED',
      statusReason: null,
      occurredAt: '2026-03-02T15:06:00.000Z',
    });
  });
});
