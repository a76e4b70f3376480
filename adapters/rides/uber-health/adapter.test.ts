import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/domain/errors';
import { canTransition, isFeeConfirmationRequired, type Ride, type RideRequest } from '../../../src/domain/ride';
import type { RidePort } from '../../../src/ports/ride-port';
import { encodeBase64, encodeHex, hmacSha256, importHmacKey } from '../common/hmac';
import { manualClock, type ManualClock } from '../../../test/shared/manual-clock';
import { countingFetch, keyPaths, noSleep, startWebhookReceiver } from '../../../test/helpers/ride-adapter-testing';
import { createUberHealthRideAdapter, type UberHealthRideAdapterOptions } from './adapter';
import { UBER_SIM_DEFAULTS, UBER_SIM_PRODUCTS, startUberHealthSimulator, type StartedUberHealthSimulator } from './simulator';
import { uberStatusTable } from './status';
import { uberTripStatuses, type UberTripStatus } from './wire';

type Sim = StartedUberHealthSimulator;
const UBER_X = UBER_SIM_PRODUCTS.uberX.product_id;
const UBER_XL = UBER_SIM_PRODUCTS.uberXL.product_id;

const pickup = { lat: 39.7817, lng: -89.6501, addressLines: ['100 Example Ave'], city: 'Springfield', state: 'IL', postalCode: '62701' };
const dropoff = { lat: 39.799, lng: -89.644, addressLines: ['800 Sample Blvd'], city: 'Springfield', state: 'IL', postalCode: '62702' };
const request = (overrides: Partial<RideRequest> = {}): RideRequest => ({
  rider: { firstName: 'Test', lastName: 'Rider', phone: '+15555550100' },
  pickup,
  dropoff,
  productId: UBER_X,
  schedule: { kind: 'now' },
  ...overrides,
});

async function caught(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

let sim: Sim;
let clock: ManualClock;
let fetchSpy: ReturnType<typeof countingFetch>;
let adapter: RidePort;
const make = (overrides: Partial<UberHealthRideAdapterOptions> = {}) =>
  createUberHealthRideAdapter({
    sourceId: 'uber-main',
    baseUrl: sim.url,
    environment: 'sandbox',
    tokenUrl: `${sim.authUrl}/oauth/v2/token`,
    fetch: fetchSpy,
    clock,
    credentials: { clientId: UBER_SIM_DEFAULTS.clientId, clientSecret: UBER_SIM_DEFAULTS.clientSecret },
    webhookSecret: UBER_SIM_DEFAULTS.webhookSecret,
    timeoutMs: 2000,
    sleep: noSleep,
    ...overrides,
  });

beforeEach(async () => {
  clock = manualClock();
  sim = await startUberHealthSimulator({ seed: 11, clock });
  fetchSpy = countingFetch();
  adapter = make();
});
afterEach(async () => {
  await sim.close();
});

describe('Uber Health adapter against the simulator', () => {
  it('estimates with exact decimal-to-cents conversion', async () => {
    sim.fareOverrides.set(UBER_X, 12.3);
    sim.fareOverrides.set(UBER_XL, 0.1 + 0.2);
    const [uberX, uberXL] = await adapter.estimate({ pickup, dropoff });
    expect(uberX).toMatchObject({
      product: { id: UBER_X, displayName: 'UberX' },
      price: { min: { amountMinor: 1230, currency: 'USD' }, max: { amountMinor: 1230, currency: 'USD' } },
      cancellation: { fee: { amountMinor: 500, currency: 'USD' }, freeWithinSeconds: 120 },
      quote: { token: expect.any(String), expiresAt: new Date(Math.floor((clock.now() + 120_000) / 1000) * 1000).toISOString() },
    });
    expect((uberX?.pickupEtaSeconds ?? Number.NaN) % 60).toBe(0);
    expect(uberXL?.price?.min.amountMinor).toBe(30);
    sim.fareOverrides.set(UBER_X, '19.99');
    sim.fareOverrides.set(UBER_XL, 4.35);
    const again = await adapter.estimate({ pickup, dropoff, productId: UBER_XL });
    expect(again.map((e) => [e.product.id, e.price?.min.amountMinor])).toEqual([[UBER_XL, 435]]);
    const [x] = await adapter.estimate({ pickup, dropoff, productId: UBER_X });
    expect(x?.price?.max.amountMinor).toBe(1999);
  });

  it('books on demand, scheduled (epoch ms) and flexible trips; the upfront fare becomes the fare', async () => {
    sim.fareOverrides.set(UBER_X, 14.7);
    const [estimate] = await adapter.estimate({ pickup, dropoff, productId: UBER_X });
    const now = await adapter.book(request({ quoteToken: estimate!.quote!.token }), { externalReference: 'k1' });
    expect(now).toMatchObject({ sourceId: 'uber-main', status: 'REQUESTED', rawStatus: 'processing', pickupAt: null, driver: null });
    const instant = '2026-03-02T16:30:00-06:00';
    const later = await adapter.book(request({ schedule: { kind: 'at', instant, timeZone: 'America/Chicago' } }), { externalReference: 'k2' });
    expect(later).toMatchObject({ status: 'SCHEDULED', rawStatus: 'scheduled', pickupAt: '2026-03-02T22:30:00.000Z' });
    expect((sim.received[1] as { scheduling: unknown }).scheduling).toEqual({ pickup_time: Date.parse(instant) });
    const flexible = await adapter.book(request({ schedule: { kind: 'flexible', date: '2026-03-03', timeZone: 'America/Chicago' } }), { externalReference: 'k3' });
    expect(flexible).toMatchObject({ status: 'SCHEDULED', rawStatus: 'offered' });
    expect((sim.received[2] as { deferred_ride_options: unknown }).deferred_ride_options).toEqual({ pickup_day: '2026-03-03' });
    await sim.advance(now.vendorRideId, 'completed');
    expect((await adapter.get(now.vendorRideId)).fare).toEqual({ amountMinor: 1470, currency: 'USD' });
  });

  it('sends the minimum necessary: rider name and phone, places, time, product — nothing else', async () => {
    const key = 'cg-Opaque_Reference-0123456';
    const [estimate] = await adapter.estimate({ pickup, dropoff, productId: UBER_X });
    await adapter.book(request({ quoteToken: estimate!.quote!.token, schedule: { kind: 'at', instant: '2026-03-02T16:30:00Z', timeZone: 'America/Chicago' } }), { externalReference: key });
    expect(sim.received).toHaveLength(1);
    const body = sim.received[0] as Record<string, unknown>;
    expect(keyPaths(body).sort()).toEqual(
      [
        'guest', 'guest.first_name', 'guest.last_name', 'guest.phone_number',
        'pickup', 'pickup.latitude', 'pickup.longitude', 'pickup.address',
        'dropoff', 'dropoff.latitude', 'dropoff.longitude', 'dropoff.address',
        'product_id',
        'fare_id',
        'scheduling', 'scheduling.pickup_time',
        'expense_memo',
      ].sort(),
    );
    expect(body).toEqual({
      guest: { first_name: 'Test', last_name: 'Rider', phone_number: '+15555550100' },
      pickup: { latitude: 39.7817, longitude: -89.6501, address: '100 Example Ave, Springfield, IL 62701' },
      dropoff: { latitude: 39.799, longitude: -89.644, address: '800 Sample Blvd, Springfield, IL 62702' },
      product_id: UBER_X,
      fare_id: estimate!.quote!.token,
      scheduling: { pickup_time: Date.parse('2026-03-02T16:30:00Z') },
      expense_memo: key,
    });
    const text = JSON.stringify(body);
    for (const leak of ['Appointment', 'Patient', 'pat-456', 'apt-123', 'birth', 'member', 'diagnosis', 'reason', 'department']) {
      expect(text).not.toContain(leak);
    }
  });

  it('passes a PHI-free driver note through, and refuses an id-like one before calling Uber', async () => {
    await adapter.book(request({ note: 'Meet at the north entrance' }), { externalReference: 'k' });
    expect((sim.received[0] as Record<string, unknown>).note_for_driver).toBe('Meet at the north entrance');
    await expect(adapter.book(request({ note: 'member 123-456-789' }), { externalReference: 'k2' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(sim.received).toHaveLength(1);
  });

  it('maps Uber 400s to BAD_INPUT without echoing the message or PHI', async () => {
    const error = await caught(adapter.book(request({ productId: 'no-such-product' }), { externalReference: 'k' }));
    expect(error).toMatchObject({ code: 'BAD_INPUT', retryable: false, details: { upstreamStatus: 400, vendorError: 'validation_failed' } });
    expect(`${error.message} ${JSON.stringify(error.details)}`).not.toMatch(/Test|Rider|5555550100|product_id/);
    const expired = await adapter.estimate({ pickup, dropoff, productId: UBER_X });
    clock.advance(121_000);
    await expect(adapter.book(request({ quoteToken: expired[0]!.quote!.token }), { externalReference: 'k2' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(sim.bookings).toBe(0);
  });

  it('maps every Uber Health status, including re-dispatch', async () => {
    const expected: Record<UberTripStatus, [string, string | null]> = {
      processing: ['REQUESTED', null],
      scheduled: ['SCHEDULED', null],
      offered: ['SCHEDULED', null],
      accepted: ['DRIVER_ASSIGNED', null],
      arriving: ['DRIVER_ARRIVED', null],
      in_progress: ['IN_PROGRESS', null],
      completed: ['COMPLETED', null],
      no_drivers_available: ['NO_DRIVERS', null],
      driver_canceled: ['CANCELED', 'CANCELED_BY_DRIVER'],
      rider_canceled: ['CANCELED', 'CANCELED_BY_RIDER'],
      failed: ['FAILED', null],
      expired: ['CANCELED', 'EXPIRED'],
      driver_redispatched: ['REQUESTED', 'REDISPATCHED'],
    };
    expect(Object.keys(uberStatusTable).sort()).toEqual([...uberTripStatuses].sort());
    const trip = await adapter.book(request(), { externalReference: 'k' });
    for (const raw of uberTripStatuses) {
      await sim.advance(trip.vendorRideId, raw);
      const [status, reason] = expected[raw];
      expect(await adapter.get(trip.vendorRideId), raw).toMatchObject({ status, rawStatus: raw, statusReason: reason });
    }
    await sim.advance(trip.vendorRideId, 'rider_canceled', { statusDetail: 'coordinator_canceled' });
    expect((await adapter.get(trip.vendorRideId)).statusReason).toBe('CANCELED_BY_PARTNER');
    expect(canTransition('DRIVER_ASSIGNED', 'REQUESTED', { allowRedispatch: true })).toBe(true);
  });

  it('cancels with DELETE (no confirmation step) and shows the fee Uber charged', async () => {
    const early = await adapter.book(request(), { externalReference: 'a' });
    const result = await adapter.cancel(early.vendorRideId);
    expect(isFeeConfirmationRequired(result)).toBe(false);
    expect(result).toMatchObject({ status: 'CANCELED', rawStatus: 'rider_canceled', statusReason: 'CANCELED_BY_PARTNER', fare: null });
    const late = await adapter.book(request(), { externalReference: 'b' });
    await sim.advance(late.vendorRideId, 'accepted');
    expect(await adapter.cancel(late.vendorRideId)).toMatchObject({ status: 'CANCELED', fare: { amountMinor: 500, currency: 'USD' } });
    await expect(adapter.cancel(late.vendorRideId)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('makes one token request for many calls (Uber allows 100 an hour), and refreshes on 401', async () => {
    await Promise.all([adapter.estimate({ pickup, dropoff }), adapter.estimate({ pickup, dropoff }), adapter.estimate({ pickup, dropoff })]);
    const trip = await adapter.book(request(), { externalReference: 'k' });
    for (let i = 0; i < 10; i++) await adapter.get(trip.vendorRideId);
    expect(sim.tokenRequests).toBe(1);
    clock.advance(29 * 24 * 3600_000);
    await adapter.get(trip.vendorRideId);
    expect(sim.tokenRequests).toBe(1);
    clock.advance(24 * 3600_000);
    await adapter.get(trip.vendorRideId);
    expect(sim.tokenRequests).toBe(2);
    sim.revokeTokens();
    expect((await adapter.get(trip.vendorRideId)).vendorRideId).toBe(trip.vendorRideId);
    expect(sim.tokenRequests).toBe(3);
  });

  it('rate-limits on the client side before anything reaches Uber', async () => {
    const limited = make({ rateLimit: { perSecond: 2, burst: 1 } });
    await limited.estimate({ pickup, dropoff });
    const sent = fetchSpy.count;
    await expect(limited.estimate({ pickup, dropoff })).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 1 } });
    expect(fetchSpy.count).toBe(sent);
    clock.advance(500);
    expect(await limited.estimate({ pickup, dropoff })).toHaveLength(2);
  });

  it('retries reads through a 5xx, never a booking; maps 429 with Retry-After', async () => {
    sim.faults.failNext.push({ status: 502, only: 'reads' });
    expect(await adapter.estimate({ pickup, dropoff })).toHaveLength(2);
    const before = fetchSpy.count;
    sim.faults.failNext.push({ status: 503, only: 'booking' });
    await expect(adapter.book(request(), { externalReference: 'k' })).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', details: { upstreamStatus: 503 } });
    expect(fetchSpy.count - before).toBe(1);
    sim.faults.failNext.push({ status: 429, retryAfterSeconds: 120 }, { status: 429, retryAfterSeconds: 120 });
    await expect(adapter.estimate({ pickup, dropoff })).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true, details: { upstreamStatus: 429, retryAfterSeconds: 120 } });
    sim.faults.failNext.length = 0;
    sim.faults.failNext.push({ status: 500 }, { status: 500 }, { status: 500 });
    await expect(adapter.get('7a1d0c9e-0000-4000-a000-0000000000a1')).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(sim.bookings).toBe(0);
  });

  it('finds a booking whose answer timed out by its reference, instead of booking twice', async () => {
    for (let i = 0; i < 60; i++) await adapter.book(request(), { externalReference: `filler-${i}` });
    const quick = make({ timeoutMs: 150 });
    sim.faults.bookingDelayMs = 600;
    await expect(quick.book(request(), { externalReference: 'slow' })).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    sim.faults.bookingDelayMs = 0;
    expect(sim.bookings).toBe(61);
    clock.advance(1000);
    // The newest trips come first: push the lost one onto a later page of the listing.
    for (let i = 0; i < 55; i++) await adapter.book(request(), { externalReference: `after-${i}` });
    // Looked up with the normal timeout: the 150 ms one is only for the lost booking answer.
    const found = (await adapter.findByExternalReference('slow')) as Ride;
    expect(found).toMatchObject({ status: 'REQUESTED', sourceId: 'uber-main' });
    expect(sim.trip(found.vendorRideId)?.expense_memo).toBe('slow');
    expect(await adapter.findByExternalReference('never-booked')).toBeNull();
  });

  it('finds a booking whose trip already ended in the PAST list, and refuses a malformed reference', async () => {
    const trip = await adapter.book(request(), { externalReference: 'cg-ended' });
    await adapter.cancel(trip.vendorRideId);
    for (let i = 0; i < 3; i++) await adapter.book(request(), { externalReference: `cg-active-${i}` });
    fetchSpy.paths.length = 0;
    const found = await adapter.findByExternalReference('cg-ended');
    expect(found).toMatchObject({ vendorRideId: trip.vendorRideId, status: 'CANCELED' });
    expect(fetchSpy.paths.filter((path) => path === 'GET /v1/health/trips')).toHaveLength(2);
    expect(await make({ lookupPastPages: 0 }).findByExternalReference('cg-ended')).toBeNull();
    await expect(adapter.book(request(), { externalReference: 'memo with spaces' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('answers NOT_FOUND for unknown or malformed ids and pings', async () => {
    await expect(adapter.get('7a1d0c9e-0000-4000-a000-0000000000ff')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(adapter.get('not-a-uuid')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await adapter.ping()).toBe(true);
    expect(await make({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 300 }).ping()).toBe(false);
  });
});

describe('Uber Health webhooks', () => {
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('delivers signed status events that verify and parse, with unique event ids', async () => {
    sim.webhookUrl = receiver.url;
    receiver.received.length = 0;
    const trip = await adapter.book(request(), { externalReference: 'k' });
    const first = await sim.advance(trip.vendorRideId, 'accepted');
    await sim.advance(trip.vendorRideId, 'driver_redispatched');
    expect(receiver.received).toHaveLength(2);
    const events = [];
    for (const hook of receiver.received) {
      expect(hook.headers.get('x-uber-signature')).toMatch(/^[0-9a-f]{64}$/);
      expect(hook.headers.get('x-environment')).toBe('sandbox');
      expect(await adapter.verifyWebhook(hook.raw, hook.headers)).toBe(true);
      events.push(adapter.parseWebhook(hook.raw));
    }
    expect(events[0]).toMatchObject({ eventId: first.eventId, vendorRideId: trip.vendorRideId, rawStatus: 'accepted', status: 'DRIVER_ASSIGNED' });
    expect(events[1]).toMatchObject({ rawStatus: 'driver_redispatched', status: 'REQUESTED', statusReason: 'REDISPATCHED' });
    expect(events[0]?.eventId).not.toBe(events[1]?.eventId);
    expect(events[0]?.occurredAt).toBe(new Date(Math.floor(clock.now() / 1000) * 1000).toISOString());
  });

  it('rejects forged, malformed and altered signatures', async () => {
    const body = new TextEncoder().encode(JSON.stringify({ event_id: 'e1', event_time: 1772463960, event_type: 'health.status_changed', meta: { resource_id: 'r', status: 'accepted' } }));
    const mac = await hmacSha256(await importHmacKey(UBER_SIM_DEFAULTS.webhookSecret), body);
    const forged = await hmacSha256(await importHmacKey('not-the-key'), body);
    const headers = (value: string) => new Headers({ 'X-Uber-Signature': value, 'X-Environment': 'sandbox' });
    expect(await adapter.verifyWebhook(body, headers(encodeHex(mac)))).toBe(true);
    expect(await adapter.verifyWebhook(body, headers(encodeHex(mac).toUpperCase()))).toBe(true);
    expect(await adapter.verifyWebhook(body, headers(encodeHex(forged)))).toBe(false);
    expect(await adapter.verifyWebhook(body, headers(encodeBase64(mac)))).toBe(false);
    expect(await adapter.verifyWebhook(body, headers(`sha256=${encodeHex(mac)}`))).toBe(false);
    expect(await adapter.verifyWebhook(body, headers(encodeHex(mac).slice(0, 62)))).toBe(false);
    expect(await adapter.verifyWebhook(body, new Headers())).toBe(false);
    const altered = body.slice();
    altered[5] = altered[5]! ^ 1;
    expect(await adapter.verifyWebhook(altered, headers(encodeHex(mac)))).toBe(false);
  });

  it('ignores non-status events and refuses bodies that are not Uber events', () => {
    const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    expect(adapter.parseWebhook(encode({ event_id: 'e', event_time: 1, event_type: 'health.receipt_ready', meta: { resource_id: 'r' } }))).toBeNull();
    expect(adapter.parseWebhook(encode({ event_id: 'e', event_time: 1, event_type: 'health.status_changed', meta: { resource_id: 'r', status: 'brand_new_status' } }))).toMatchObject({ status: null, rawStatus: 'brand_new_status' });
    expect(() => adapter.parseWebhook(encode({ event_type: 'health.status_changed' }))).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => adapter.parseWebhook(encode({ event_id: 'e', event_time: 1, event_type: 'health.status_changed', meta: {} }))).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
