import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/domain/errors';
import { isFeeConfirmationRequired, type Ride, type RideRequest } from '../../../src/domain/ride';
import type { RidePort } from '../../../src/ports/ride-port';
import { encodeBase64, encodeHex, hmacSha256, importHmacKey } from '../common/hmac';
import { manualClock, type ManualClock } from '../../../test/shared/manual-clock';
import { countingFetch, keyPaths, noSleep, startWebhookReceiver } from '../../../test/helpers/ride-adapter-testing';
import { createMemoryStore } from '../../state/memory';
import { createLyftRideAdapter, type LyftRideAdapterOptions } from './adapter';
import { LYFT_SIM_DEFAULTS, startLyftSimulator, type LyftSimulator } from './simulator';
import { lyftStatusTable } from './status';
import type { LyftRideStatus } from './wire';

type Sim = LyftSimulator & { url: string; close(): Promise<void> };

const pickup = { lat: 39.7817, lng: -89.6501, addressLines: ['100 Example Ave'], city: 'Springfield', state: 'IL', postalCode: '62701' };
const dropoff = { lat: 39.799, lng: -89.644, addressLines: ['800 Sample Blvd', 'Suite 2'], city: 'Springfield', state: 'IL', postalCode: '62702' };
const request = (overrides: Partial<RideRequest> = {}): RideRequest => ({
  rider: { firstName: 'Test', lastName: 'Rider', phone: '+15555550100' },
  pickup,
  dropoff,
  productId: 'lyft',
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
const make = (overrides: Partial<LyftRideAdapterOptions> = {}) =>
  createLyftRideAdapter({
    sourceId: 'lyft-main',
    baseUrl: sim.url,
    fetch: fetchSpy,
    clock,
    credentials: { clientId: LYFT_SIM_DEFAULTS.clientId, clientSecret: LYFT_SIM_DEFAULTS.clientSecret },
    webhookSecret: LYFT_SIM_DEFAULTS.webhookSecret,
    timeoutMs: 2000,
    sleep: noSleep,
    // Lyft books only with a user-authorized token: the organisation's refresh token (see adapter-auth.test.ts).
    auth: { type: 'user-refresh-token', refreshToken: LYFT_SIM_DEFAULTS.refreshToken, store: createMemoryStore({ clock }) },
    ...overrides,
  });

beforeEach(async () => {
  clock = manualClock();
  sim = await startLyftSimulator({ seed: 7, clock });
  fetchSpy = countingFetch();
  adapter = make();
});
afterEach(async () => {
  await sim.close();
});

describe('Lyft adapter against the simulator', () => {
  it('estimates: cents, currency, ETA merged, a quote token the booking accepts', async () => {
    const estimates = await adapter.estimate({ pickup, dropoff });
    expect(estimates.map((e) => e.product.id)).toEqual(['lyft', 'lyft_plus', 'lyft_lux']);
    for (const estimate of estimates) {
      expect(estimate.price?.min.currency).toBe('USD');
      expect(Number.isInteger(estimate.price?.min.amountMinor)).toBe(true);
      expect(estimate.price!.min.amountMinor).toBeLessThanOrEqual(estimate.price!.max.amountMinor);
      expect(estimate.pickupEtaSeconds).toBeGreaterThan(0);
      expect(estimate.quote?.token).toMatch(/^ct_/);
    }
    expect(fetchSpy.paths).toEqual(expect.arrayContaining(['GET /v1/cost', 'GET /v1/eta']));
    const only = await adapter.estimate({ pickup, dropoff, productId: 'lyft_plus' });
    expect(only.map((e) => e.product.id)).toEqual(['lyft_plus']);
    const ride = await adapter.book(request({ quoteToken: estimates[0]!.quote!.token }), { externalReference: 'k-quote' });
    expect(ride.status).toBe('REQUESTED');
  });

  it('books now and scheduled rides, and reads them back', async () => {
    const now = await adapter.book(request(), { externalReference: 'k1' });
    expect(now).toMatchObject({ sourceId: 'lyft-main', status: 'REQUESTED', rawStatus: 'pending', driver: null, fare: null, pickupAt: null });
    expect(now.pickup?.addressLines).toEqual(['100 Example Ave, Springfield, IL 62701']);
    const instant = '2026-03-02T16:30:00-06:00';
    const later = await adapter.book(request({ schedule: { kind: 'at', instant, timeZone: 'America/Chicago' } }), { externalReference: 'k2' });
    expect(later).toMatchObject({ status: 'SCHEDULED', rawStatus: 'scheduled', pickupAt: '2026-03-02T22:30:00.000Z' });
    expect(sim.bookings).toBe(2);
    expect(await adapter.get(later.vendorRideId)).toMatchObject({ vendorRideId: later.vendorRideId, status: 'SCHEDULED', pickupAt: '2026-03-02T22:30:00.000Z' });
  });

  it('sends the minimum necessary: rider name and phone, places, time, product — nothing else', async () => {
    const instant = '2026-03-02T16:30:00Z';
    const key = 'cg-Opaque_Reference-0123456';
    await adapter.book(request({ schedule: { kind: 'at', instant, timeZone: 'America/Chicago' }, note: 'Use the north door' }), { externalReference: key });
    expect(sim.received).toHaveLength(1);
    const body = sim.received[0] as Record<string, unknown>;
    expect(keyPaths(body).sort()).toEqual(
      [
        'ride_type',
        'origin', 'origin.lat', 'origin.lng', 'origin.address',
        'destination', 'destination.lat', 'destination.lng', 'destination.address',
        'passenger', 'passenger.first_name', 'passenger.last_name', 'passenger.phone_number',
        'scheduled_pickup_time',
        'internal_memo',
      ].sort(),
    );
    expect(body).toEqual({
      ride_type: 'lyft',
      origin: { lat: 39.7817, lng: -89.6501, address: '100 Example Ave, Springfield, IL 62701' },
      destination: { lat: 39.799, lng: -89.644, address: '800 Sample Blvd, Suite 2, Springfield, IL 62702' },
      passenger: { first_name: 'Test', last_name: 'Rider', phone_number: '+15555550100' },
      scheduled_pickup_time: '2026-03-02T16:30:00.000Z',
      internal_memo: key,
    });
    const text = JSON.stringify(body);
    for (const leak of ['Appointment', 'Patient', 'pat-456', 'apt-123', 'birth', 'member', 'diagnosis', 'reason', 'department', 'north door']) {
      expect(text).not.toContain(leak);
    }
  });

  it('refuses bad input before calling Lyft, and maps Lyft 400s to BAD_INPUT / CONFLICT without echoing PHI', async () => {
    const flexible = await caught(adapter.book(request({ schedule: { kind: 'flexible', date: '2026-03-03', timeZone: 'America/Chicago' } }), { externalReference: 'k' }));
    expect(flexible).toMatchObject({ code: 'BAD_INPUT', details: { reason: 'FLEXIBLE_NOT_SUPPORTED' } });
    const badNote = await caught(adapter.book(request({ note: 'MRN 12345678' }), { externalReference: 'k' }));
    expect(badNote.code).toBe('BAD_INPUT');
    expect(JSON.stringify(badNote.details)).not.toContain('12345678');
    expect(sim.received).toHaveLength(0);

    const unknownType = await caught(adapter.book(request({ productId: 'lyft_rocket' }), { externalReference: 'k' }));
    expect(unknownType).toMatchObject({ code: 'BAD_INPUT', retryable: false, details: { upstreamStatus: 400, vendorError: 'ridetype_unavailable_in_region' } });
    expect(`${unknownType.message} ${JSON.stringify(unknownType.details)}`).not.toMatch(/Test|Rider|5555550100/);
    const staleQuote = await caught(adapter.book(request({ quoteToken: 'ct_not_issued' }), { externalReference: 'k' }));
    expect(staleQuote).toMatchObject({ code: 'CONFLICT', details: { vendorError: 'invalid_primetime_confirmation' } });
    expect(sim.bookings).toBe(0);
  });

  it('maps every Lyft status (and who canceled)', async () => {
    const expected: Record<LyftRideStatus, string | null> = {
      pending: 'REQUESTED',
      scheduled: 'SCHEDULED',
      accepted: 'DRIVER_ASSIGNED',
      arrived: 'DRIVER_ARRIVED',
      pickedUp: 'IN_PROGRESS',
      droppedOff: 'COMPLETED',
      canceled: 'CANCELED',
      unknown: null,
    };
    expect(Object.keys(lyftStatusTable).sort()).toEqual(Object.keys(expected).filter((s) => expected[s as LyftRideStatus]).sort());
    const booked = await adapter.book(request(), { externalReference: 'k' });
    for (const [raw, status] of Object.entries(expected) as Array<[LyftRideStatus, string | null]>) {
      await sim.advance(booked.vendorRideId, raw);
      if (status === null) {
        await expect(adapter.get(booked.vendorRideId)).rejects.toMatchObject({ code: 'UPSTREAM_INVALID', details: { rawStatus: raw } });
      } else {
        expect(await adapter.get(booked.vendorRideId), raw).toMatchObject({ status, rawStatus: raw });
      }
    }
    const reasons = { passenger: 'CANCELED_BY_RIDER', driver: 'CANCELED_BY_DRIVER', dispatcher: 'CANCELED_BY_PARTNER' } as const;
    for (const [canceledBy, reason] of Object.entries(reasons)) {
      await sim.advance(booked.vendorRideId, 'canceled', { canceledBy: canceledBy as keyof typeof reasons });
      expect((await adapter.get(booked.vendorRideId)).statusReason).toBe(reason);
    }
  });

  it('shows driver, vehicle and fare as the ride progresses', async () => {
    const booked = await adapter.book(request(), { externalReference: 'k' });
    await sim.advance(booked.vendorRideId, 'accepted');
    const assigned = await adapter.get(booked.vendorRideId);
    expect(assigned.driver).toMatchObject({ firstName: expect.any(String), phone: expect.stringMatching(/^\+1555/), vehicle: { make: expect.any(String), licensePlate: expect.stringMatching(/^SIM/) } });
    expect(assigned.cancellation).toEqual({ fee: { amountMinor: 500, currency: 'USD' }, confirmationToken: null, expiresAt: null });
    await sim.advance(booked.vendorRideId, 'pickedUp');
    await sim.advance(booked.vendorRideId, 'droppedOff');
    const done = await adapter.get(booked.vendorRideId);
    expect(done).toMatchObject({ status: 'COMPLETED', cancellation: null, pickupAt: new Date(clock.now()).toISOString() });
    expect(done.fare?.currency).toBe('USD');
    expect(done.fare!.amountMinor).toBeGreaterThan(0);
  });

  it('cancels in two steps when a fee applies, and at once when not', async () => {
    const free = await adapter.book(request(), { externalReference: 'free' });
    const freeResult = await adapter.cancel(free.vendorRideId);
    expect(isFeeConfirmationRequired(freeResult)).toBe(false);
    expect(freeResult).toMatchObject({ status: 'CANCELED', statusReason: 'CANCELED_BY_PARTNER', fare: null });

    const paid = await adapter.book(request(), { externalReference: 'paid' });
    await sim.advance(paid.vendorRideId, 'accepted');
    const first = await adapter.cancel(paid.vendorRideId);
    if (!isFeeConfirmationRequired(first)) throw new Error('expected a fee confirmation');
    expect(first.feeConfirmationRequired).toEqual({
      fee: { amountMinor: 500, currency: 'USD' },
      token: expect.any(String),
      expiresAt: new Date(clock.now() + 60_000).toISOString(),
    });
    expect(sim.ride(paid.vendorRideId)?.status).toBe('accepted');
    await expect(adapter.cancel(paid.vendorRideId, { confirmationToken: 'wrong' })).rejects.toMatchObject({ code: 'CONFLICT' });
    const done = await adapter.cancel(paid.vendorRideId, { confirmationToken: first.feeConfirmationRequired.token });
    expect(done).toMatchObject({ status: 'CANCELED', fare: { amountMinor: 500, currency: 'USD' } });
    await expect(adapter.cancel(paid.vendorRideId)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses an expired fee confirmation', async () => {
    const ride = await adapter.book(request(), { externalReference: 'k' });
    await sim.advance(ride.vendorRideId, 'arrived');
    const first = await adapter.cancel(ride.vendorRideId);
    if (!isFeeConfirmationRequired(first)) throw new Error('expected a fee confirmation');
    clock.advance(61_000);
    await expect(adapter.cancel(ride.vendorRideId, { confirmationToken: first.feeConfirmationRequired.token })).rejects.toMatchObject({ code: 'CONFLICT', details: { vendorError: 'invalid_cancel_confirmation' } });
    expect(sim.ride(ride.vendorRideId)?.status).toBe('arrived');
  });

  it('caches the OAuth tokens until shortly before expiry, and refreshes on 401', async () => {
    await Promise.all([adapter.estimate({ pickup, dropoff }), adapter.estimate({ pickup, dropoff })]);
    await Promise.all([adapter.book(request(), { externalReference: 'k-a' }), adapter.book(request(), { externalReference: 'k-b' })]);
    for (let i = 0; i < 4; i++) await adapter.book(request(), { externalReference: `k${i}` });
    // One public client-credentials token for estimates, one refresh exchange for the rides.
    expect(sim.oauth.grants).toEqual(['client_credentials', 'refresh_token']);
    clock.advance(3_600_000 - 30_000);
    await adapter.book(request(), { externalReference: 'k-hour' });
    await adapter.estimate({ pickup, dropoff });
    expect(sim.oauth.grants).toEqual(['client_credentials', 'refresh_token', 'refresh_token']);
    clock.advance(86_400_000);
    await adapter.estimate({ pickup, dropoff });
    expect(sim.oauth.grants.filter((grant) => grant === 'client_credentials')).toHaveLength(2);
    sim.revokeTokens();
    const ride = await adapter.book(request(), { externalReference: 'after-revoke' });
    expect(ride.status).toBe('REQUESTED');
    expect(sim.oauth.grants.at(-1)).toBe('refresh_token');
    expect(sim.bookings).toBe(8);
  });

  it('maps wrong credentials to a non-retryable upstream error', async () => {
    const wrong = make({ credentials: { clientId: 'nope', clientSecret: 'nope' } });
    await expect(wrong.get('1')).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: false });
  });

  it('rate-limits on the client side before anything reaches Lyft', async () => {
    const limited = make({ rateLimit: { perSecond: 1, burst: 2 } });
    const ride = await limited.book(request(), { externalReference: 'k' });
    await limited.get(ride.vendorRideId);
    const sent = fetchSpy.count;
    const error = await caught(limited.get(ride.vendorRideId));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, details: { sourceId: 'lyft-main', retryAfterSeconds: 1 } });
    expect(fetchSpy.count).toBe(sent);
    clock.advance(1000);
    expect((await limited.get(ride.vendorRideId)).vendorRideId).toBe(ride.vendorRideId);
  });

  it('retries reads through a 5xx but never retries a booking', async () => {
    const ride = await adapter.book(request(), { externalReference: 'k' });
    sim.faults.failNext.push({ status: 503, only: 'reads' });
    expect((await adapter.get(ride.vendorRideId)).vendorRideId).toBe(ride.vendorRideId);
    sim.faults.failNext.push({ status: 503 }, { status: 503 }, { status: 503 });
    await expect(adapter.get(ride.vendorRideId)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });

    const before = fetchSpy.count;
    // 503 is a status reads are retried on: a booking still goes out exactly once.
    sim.faults.failNext.push({ status: 503, only: 'booking' });
    await expect(adapter.book(request(), { externalReference: 'k2' })).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', details: { upstreamStatus: 503 } });
    expect(fetchSpy.count - before).toBe(1);
    sim.faults.failNext.push({ status: 429, retryAfterSeconds: 30, only: 'booking' });
    await expect(adapter.book(request(), { externalReference: 'k3' })).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true, details: { retryAfterSeconds: 30 } });
    expect(sim.bookings).toBe(1);
  });

  it('finds a booking whose answer timed out by its reference, instead of booking twice', async () => {
    const quick = make({ timeoutMs: 150 });
    sim.faults.bookingDelayMs = 600;
    const error = await caught(quick.book(request(), { externalReference: 'slow-booking' }));
    expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', retryable: true });
    expect(sim.bookings).toBe(1);
    sim.faults.bookingDelayMs = 0;
    // Looked up with the normal timeout: the 150 ms one is only for the lost booking answer.
    const found = (await adapter.findByExternalReference('slow-booking')) as Ride;
    expect(found).toMatchObject({ status: 'REQUESTED', sourceId: 'lyft-main' });
    expect(sim.ride(found.vendorRideId)).toBeDefined();
    expect(await adapter.findByExternalReference('never-booked')).toBeNull();
  });

  it('finds a booking past the first page of history by paging back with end_time, and stays in its window', async () => {
    await adapter.book(request(), { externalReference: 'cg-wanted' });
    // 120 later bookings, each a second apart: the wanted one is on the third page of 50.
    for (let i = 0; i < 120; i++) {
      clock.advance(1000);
      await adapter.book(request(), { externalReference: `cg-later-${i}` });
    }
    fetchSpy.paths.length = 0;
    const found = await adapter.findByExternalReference('cg-wanted');
    expect(sim.ride(found!.vendorRideId)?.internal_memo).toBe('cg-wanted');
    expect(fetchSpy.paths.filter((path) => path === 'GET /v1/rides')).toHaveLength(3);
    // Three pages are not enough when only two may be read; outside the window nothing is found.
    expect(await make({ lookupPages: 2 }).findByExternalReference('cg-wanted')).toBeNull();
    clock.advance(25 * 3600_000);
    expect(await adapter.findByExternalReference('cg-later-119')).toBeNull();
  });

  it('refuses a reference outside [A-Za-z0-9_-]{1,64} before calling Lyft', async () => {
    await expect(adapter.book(request(), { externalReference: 'has space' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(adapter.book(request(), { externalReference: 'x'.repeat(65) })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(sim.received).toHaveLength(0);
  });

  it('the simulator refuses history pages Lyft refuses: no start_time, limit outside 1-50, a bad end_time', async () => {
    const granted = await fetch(`${sim.url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa(`${LYFT_SIM_DEFAULTS.clientId}:${LYFT_SIM_DEFAULTS.clientSecret}`)}`, 'content-type': 'application/json' },
      // History needs rides.read: a user-authorized token, as at Lyft.
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: LYFT_SIM_DEFAULTS.refreshToken }),
    });
    const token = ((await granted.json()) as { access_token: string }).access_token;
    const history = (query: string) => fetch(`${sim.url}/v1/rides?${query}`, { headers: { authorization: `Bearer ${token}` } }).then((response) => response.status);
    const start = encodeURIComponent(new Date(clock.now() - 3600_000).toISOString());
    expect(await history(`start_time=${start}&limit=50`)).toBe(200);
    expect(await history('limit=10')).toBe(400);
    expect(await history(`start_time=${start}&limit=51`)).toBe(400);
    expect(await history(`start_time=${start}&limit=0`)).toBe(400);
    expect(await history(`start_time=${start}&end_time=yesterday`)).toBe(400);
  });

  it('answers NOT_FOUND for an unknown ride and pings', async () => {
    await expect(adapter.get('999')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await adapter.ping()).toBe(true);
    expect(await make({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 300 }).ping()).toBe(false);
  });
});

describe('Lyft webhooks', () => {
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
    const ride = await adapter.book(request(), { externalReference: 'k' });
    const first = await sim.advance(ride.vendorRideId, 'accepted');
    await sim.advance(ride.vendorRideId, 'arrived');
    expect(first.status).toBe(204);
    expect(receiver.received).toHaveLength(2);
    const events = [];
    for (const hook of receiver.received) {
      expect(hook.headers.get('x-lyft-signature')).toMatch(/^sha256=[A-Za-z0-9+/]+=*$/);
      expect(await adapter.verifyWebhook(hook.raw, hook.headers)).toBe(true);
      events.push(adapter.parseWebhook(hook.raw));
    }
    expect(events[0]).toMatchObject({ eventId: first.eventId, vendorRideId: ride.vendorRideId, rawStatus: 'accepted', status: 'DRIVER_ASSIGNED' });
    expect(events[1]).toMatchObject({ rawStatus: 'arrived', status: 'DRIVER_ARRIVED' });
    expect(events[0]?.eventId).not.toBe(events[1]?.eventId);
  });

  it('rejects forged, malformed and altered signatures', async () => {
    const body = new TextEncoder().encode(JSON.stringify({ event_id: 'e1', event_type: 'ride.status.updated', occurred_at: '2026-03-02T15:00:00Z', event: { ride_id: '1', status: 'accepted' } }));
    const mac = await hmacSha256(await importHmacKey(LYFT_SIM_DEFAULTS.webhookSecret), body);
    const forged = await hmacSha256(await importHmacKey('not-the-secret'), body);
    const headers = (value: string) => new Headers({ 'X-Lyft-Signature': value });
    expect(await adapter.verifyWebhook(body, headers(`sha256=${encodeBase64(mac)}`))).toBe(true);
    expect(await adapter.verifyWebhook(body, headers(`sha256=${encodeBase64(forged)}`))).toBe(false);
    expect(await adapter.verifyWebhook(body, headers(encodeBase64(mac)))).toBe(false);
    expect(await adapter.verifyWebhook(body, headers(`sha256=${encodeHex(mac)}`))).toBe(false);
    expect(await adapter.verifyWebhook(body, headers(`sha1=${encodeBase64(mac)}`))).toBe(false);
    expect(await adapter.verifyWebhook(body, new Headers())).toBe(false);
    const altered = body.slice();
    altered[altered.length - 3] = altered[altered.length - 3]! ^ 1;
    expect(await adapter.verifyWebhook(altered, headers(`sha256=${encodeBase64(mac)}`))).toBe(false);
  });

  it('ignores other event types and refuses bodies that are not Lyft events', () => {
    const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    expect(adapter.parseWebhook(encode({ event_id: 'e', event_type: 'ride.receipt.ready', occurred_at: '2026-03-02T15:00:00Z', event: {} }))).toBeNull();
    expect(() => adapter.parseWebhook(new TextEncoder().encode('not json'))).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => adapter.parseWebhook(encode({ event_type: 'ride.status.updated' }))).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
