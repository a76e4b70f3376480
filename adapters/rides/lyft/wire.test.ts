import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeBase64, hmacSha256, importHmacKey } from '../common/hmac';
import { manualClock } from '../../../test/shared/manual-clock';
import { createLyftRideAdapter } from './adapter';
import { toRide, toRideEstimates } from './mapping';
import {
  lyftCancellationCostError,
  lyftCostResponse,
  lyftEtaResponse,
  lyftRideCreated,
  lyftRideDetail,
  lyftRideHistory,
} from './wire';

/** Recorded-shape fixtures (test/fixtures/lyft, see its README) through the wire schemas and mapping. */
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../test/fixtures/lyft/${name}`, import.meta.url), 'utf8'));
const raw = (name: string) => new Uint8Array(readFileSync(new URL(`../../../test/fixtures/lyft/${name}`, import.meta.url)));
const now = '2026-03-02T15:10:00.000Z';

describe('Lyft wire fixtures', () => {
  it('maps cost and ETA estimates: cents, currency, inverted ranges, invalid estimates', () => {
    const costs = lyftCostResponse.parse(fixture('cost.json')).cost_estimates;
    const etas = lyftEtaResponse.parse(fixture('eta.json')).eta_estimates;
    const [standard, xl, lux] = toRideEstimates('lyft-main', costs, etas);
    expect(standard).toEqual({
      sourceId: 'lyft-main',
      product: { id: 'lyft', displayName: 'Lyft' },
      price: { min: { amountMinor: 1240, currency: 'USD' }, max: { amountMinor: 1550, currency: 'USD' } },
      pickupEtaSeconds: 240,
      durationSeconds: 780,
      quote: { token: 'fixture-cost-token-lyft', expiresAt: null },
      cancellation: null,
    });
    expect(xl?.price).toEqual({ min: { amountMinor: 1890, currency: 'USD' }, max: { amountMinor: 2105, currency: 'USD' } });
    expect(xl?.pickupEtaSeconds).toBe(420);
    expect(lux).toMatchObject({ product: { id: 'lyft_lux' }, price: null, pickupEtaSeconds: null, quote: null });
  });

  it('maps an accepted ride with driver, vehicle and pending cancellation fee', () => {
    const ride = toRide('lyft-main', lyftRideDetail.parse(fixture('ride-detail-accepted.json')), now);
    expect(ride).toEqual({
      sourceId: 'lyft-main',
      vendorRideId: '812345678901234',
      status: 'DRIVER_ASSIGNED',
      rawStatus: 'accepted',
      statusReason: null,
      pickupAt: '2026-03-02T16:30:00.000Z',
      pickup: { lat: 39.7817, lng: -89.6501, addressLines: ['100 Example Ave, Springfield, IL 62701'], city: null, state: null, postalCode: null },
      dropoff: { lat: 39.799, lng: -89.644, addressLines: ['800 Sample Blvd, Springfield, IL 62702'], city: null, state: null, postalCode: null },
      driver: { firstName: 'Sam', phone: '+15555550123', vehicle: { make: 'Toyota', model: 'Camry', color: 'Gray', licensePlate: 'TEST123' } },
      fare: null,
      cancellation: { fee: { amountMinor: 500, currency: 'USD' }, confirmationToken: 'fixture-fee-token', expiresAt: '2026-03-02T15:11:00.000Z' },
      updatedAt: '2026-03-02T15:04:05.000Z',
    });
  });

  it('maps a completed ride (fare, actual pickup time) and a rider cancellation', () => {
    const done = toRide('lyft-main', lyftRideDetail.parse(fixture('ride-detail-dropped-off.json')), now);
    expect(done).toMatchObject({ status: 'COMPLETED', fare: { amountMinor: 1387, currency: 'USD' }, pickupAt: '2026-03-02T15:06:40.000Z', cancellation: null });
    const canceled = toRide('lyft-main', lyftRideDetail.parse(fixture('ride-detail-canceled.json')), now);
    expect(canceled).toMatchObject({ status: 'CANCELED', rawStatus: 'canceled', statusReason: 'CANCELED_BY_RIDER', driver: null });
  });

  it('reads the booking answer, ride history and the cancellation-fee error', () => {
    expect(lyftRideCreated.parse(fixture('ride-created.json'))).toMatchObject({ ride_id: '3000000000000000001', status: 'pending' });
    const history = lyftRideHistory.parse(fixture('ride-history.json')).ride_history;
    expect(history.map((ride) => ride.internal_memo ?? null)).toEqual(['cg-fixturereference0000000000000001', null]);
    expect(lyftCancellationCostError.parse(fixture('cancel-confirmation-required.json'))).toEqual({
      error: 'cancel_confirmation_required',
      amount: 500,
      currency: 'USD',
      token: 'f1x7ure',
      token_duration: 60,
    });
  });

  it('verifies and parses the recorded webhook', async () => {
    const adapter = createLyftRideAdapter({
      sourceId: 'lyft-main',
      baseUrl: 'http://127.0.0.1:9',
      fetch: () => Promise.reject(new Error('no network in this test')),
      clock: manualClock(),
      credentials: { clientId: 'id', clientSecret: 'secret' },
      webhookSecret: 'fixture-secret',
      timeoutMs: 1000,
    });
    const body = raw('webhook-ride-status-updated.json');
    const signature = encodeBase64(await hmacSha256(await importHmacKey('fixture-secret'), body));
    expect(await adapter.verifyWebhook(body, new Headers({ 'X-Lyft-Signature': `sha256=${signature}` }))).toBe(true);
    expect(adapter.parseWebhook(body)).toEqual({
      eventId: 'fixture-event-0001',
      vendorRideId: '3000000000000000002',
      rawStatus: 'arrived',
      status: 'DRIVER_ARRIVED',
      statusReason: null,
      occurredAt: '2026-03-02T15:06:40.000Z',
    });
  });
});
