import type { Clock } from '../../../src/ports/clock';
import { serveOnLoopback } from '../../shared/loopback-server';
import { encodeBase64 } from '../common/hmac';
import {
  bearerToken,
  createFaults,
  delay,
  deliverWebhook,
  distanceMiles,
  json,
  noContent,
  randomString,
  seededRandom,
  simulatorClock,
  syntheticDrivers,
  takeFault,
  type DeliveredWebhook,
  type SimulatorFaults,
} from '../common/simulator-kit';
import { LYFT_STATUS_EVENT, lyftCancelBody, lyftRideRequestBody, type LyftRideStatus } from './wire';

/**
 * A Lyft API v1 stand-in for the sandbox and tests, speaking the wire format of ./wire.ts:
 * client-credentials tokens, cost and ETA estimates, booking, ride detail and history, the
 * two-step cancellation fee, and signed `ride.status.updated` webhooks driven by `advance`.
 * Deterministic for a given seed and clock. Synthetic data only.
 */
export interface LyftSimulatorOptions {
  clientId?: string;
  clientSecret?: string;
  webhookSecret?: string;
  webhookUrl?: string | null;
  seed?: number;
  clock?: Clock;
  tokenTtlSeconds?: number;
  /** Fee once a driver is assigned, in cents (default 500 USD). */
  cancelFee?: { amount: number; currency: string };
  /** Lifetime of a cancel confirmation token (Lyft: about 60 s). */
  cancelTokenSeconds?: number;
}

type Detail = Record<string, unknown> & { ride_id: string; status: LyftRideStatus; ride_type: string };
interface SimRide {
  detail: Detail;
  requestedAtMs: number;
  miles: number;
  cancelToken: { token: string; expiresAtMs: number } | null;
}

export interface LyftSimulator {
  fetch(request: Request): Promise<Response>;
  /** Every booking body exactly as received (parsed JSON, or the raw text if it was not JSON). */
  readonly received: unknown[];
  readonly bookings: number;
  readonly tokenRequests: number;
  readonly faults: SimulatorFaults;
  webhookUrl: string | null;
  /** Public base URL used in webhook `href`s (set by `startLyftSimulator`). */
  baseUrl: string;
  ride(rideId: string): Detail | undefined;
  /** Moves a ride to `status` and POSTs the signed webhook to `webhookUrl`. */
  advance(rideId: string, status: LyftRideStatus, options?: { canceledBy?: 'passenger' | 'driver' | 'dispatcher' }): Promise<DeliveredWebhook & { eventId: string }>;
  /** Forget issued access tokens, so the next API call answers 401. */
  revokeTokens(): void;
}

export const LYFT_SIM_DEFAULTS = { clientId: 'sim-lyft-client', clientSecret: 'sim-lyft-secret', webhookSecret: 'sim-lyft-webhook-secret' };

const rideTypes: Record<string, { displayName: string; baseCents: number; perMileCents: number }> = {
  lyft: { displayName: 'Lyft', baseCents: 250, perMileCents: 150 },
  lyft_plus: { displayName: 'Lyft XL', baseCents: 400, perMileCents: 225 },
  lyft_lux: { displayName: 'Lux', baseCents: 600, perMileCents: 300 },
};

const isE164 = (value: string) => /^\+[1-9]\d{1,14}$/.test(value);
const apiError = (status: number, error: string, detail?: Record<string, string>) =>
  json(status, { error, ...(detail ? { error_detail: [detail] } : {}) });

export function createLyftSimulator(options: LyftSimulatorOptions = {}): LyftSimulator {
  const clock = options.clock ?? simulatorClock;
  const random = seededRandom(options.seed ?? 1);
  const creds = { ...LYFT_SIM_DEFAULTS, ...options };
  const cancelFee = options.cancelFee ?? { amount: 500, currency: 'USD' };
  const rides = new Map<string, SimRide>();
  const tokens = new Set<string>();
  const costTokens = new Set<string>();
  const received: unknown[] = [];
  const faults = createFaults();
  let bookings = 0;
  let tokenRequests = 0;
  let eventSeq = 0;
  const iso = (ms = clock.now()) => new Date(ms).toISOString();
  const fareCents = (type: string, miles: number) => Math.round((rideTypes[type]?.baseCents ?? 300) + miles * (rideTypes[type]?.perMileCents ?? 150));
  const view = (ride: SimRide) => ({ ...ride.detail, generated_at: iso() });

  const token = async (request: Request) => {
    tokenRequests++;
    const basic = /^Basic\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
    const expected = btoa(`${creds.clientId}:${creds.clientSecret}`);
    const body = (await request.json().catch(() => null)) as { grant_type?: string; scope?: string } | null;
    if (basic !== expected) return json(401, { error: 'invalid_client' });
    if (body?.grant_type !== 'client_credentials') return json(400, { error: 'unsupported_grant_type' });
    const accessToken = `lyft-sim-${randomString(random, 24)}`;
    tokens.add(accessToken);
    return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: options.tokenTtlSeconds ?? 86_400, scope: body.scope ?? 'public' });
  };

  const coords = (params: URLSearchParams, ...names: string[]): number[] | Response => {
    const values = names.map((name) => Number(params.get(name) ?? Number.NaN));
    const bad = names.find((_, i) => !Number.isFinite(values[i]));
    return bad ? apiError(400, 'bad_parameter', { [bad]: `(${bad}) Missing or invalid parameter in the query string` }) : values;
  };

  const cost = (params: URLSearchParams) => {
    const values = coords(params, 'start_lat', 'start_lng', 'end_lat', 'end_lng');
    if (values instanceof Response) return values;
    const [aLat = 0, aLng = 0, bLat = 0, bLng = 0] = values;
    const only = params.get('ride_type');
    if (only && !rideTypes[only]) return apiError(400, 'ridetype_unavailable_in_region');
    const miles = distanceMiles(aLat, aLng, bLat, bLng);
    const estimates = Object.entries(rideTypes)
      .filter(([type]) => !only || type === only)
      .map(([type, info]) => {
        const costToken = `ct_${randomString(random, 16)}`;
        costTokens.add(costToken);
        const cents = fareCents(type, miles);
        return {
          ride_type: type,
          display_name: info.displayName,
          currency: 'USD',
          estimated_cost_cents_min: cents,
          estimated_cost_cents_max: Math.round(cents * 1.25),
          estimated_distance_miles: Math.round(miles * 100) / 100,
          estimated_duration_seconds: Math.round((miles / 22) * 3600) + 120,
          is_valid_estimate: true,
          primetime_percentage: '0%',
          cost_token: costToken,
        };
      });
    return json(200, { cost_estimates: estimates });
  };

  const eta = (params: URLSearchParams) => {
    const values = coords(params, 'lat', 'lng');
    if (values instanceof Response) return values;
    const only = params.get('ride_type');
    const etas = Object.entries(rideTypes)
      .filter(([type]) => !only || type === only)
      .map(([type, info]) => ({ ride_type: type, display_name: info.displayName, eta_seconds: 120 + Math.floor(random() * 10) * 30, is_valid_estimate: true }));
    return json(200, { eta_estimates: etas });
  };

  const book = async (request: Request) => {
    const text = await request.text();
    let data: unknown = text;
    try {
      data = JSON.parse(text);
    } catch {
      // keep the raw text: `received` holds what arrived, whatever it was
    }
    received.push(data);
    const parsed = lyftRideRequestBody.safeParse(data);
    if (!parsed.success) return apiError(400, 'bad_parameter', { [String(parsed.error.issues[0]?.path.join('.') ?? 'body')]: 'invalid' });
    const body = parsed.data;
    if (!isE164(body.passenger.phone_number)) return apiError(400, 'bad_parameter', { phone_number: 'must be E.164' });
    if (!rideTypes[body.ride_type]) return apiError(400, 'ridetype_unavailable_in_region');
    if (body.cost_token && !costTokens.has(body.cost_token)) return apiError(400, 'invalid_primetime_confirmation');
    const rideId = String(1 + Math.floor(random() * 9)) + randomString(random, 17, '0123456789');
    const status: LyftRideStatus = body.scheduled_pickup_time ? 'scheduled' : 'pending';
    const ride: SimRide = {
      requestedAtMs: clock.now(),
      miles: distanceMiles(body.origin.lat, body.origin.lng, body.destination.lat, body.destination.lng),
      cancelToken: null,
      detail: {
        ride_id: rideId,
        status,
        ride_type: body.ride_type,
        origin: body.origin,
        destination: body.destination,
        passenger: { first_name: body.passenger.first_name, last_name: body.passenger.last_name },
        requested_at: iso(),
        ...(body.scheduled_pickup_time ? { scheduled_pickup_time: body.scheduled_pickup_time } : {}),
        ...(body.internal_memo ? { internal_memo: body.internal_memo } : {}),
      },
    };
    rides.set(rideId, ride);
    bookings++;
    if (faults.bookingDelayMs > 0) await delay(faults.bookingDelayMs);
    return json(201, { ride_id: rideId, status, origin: body.origin, destination: body.destination, passenger: { first_name: body.passenger.first_name } });
  };

  const history = (params: URLSearchParams) => {
    const start = Date.parse(params.get('start_time') ?? '');
    if (Number.isNaN(start)) return apiError(400, 'bad_parameter', { start_time: 'required, ISO 8601' });
    const end = Date.parse(params.get('end_time') ?? '') || Number.POSITIVE_INFINITY;
    const limit = Math.min(50, Math.max(1, Number(params.get('limit') ?? 10) || 10));
    const found = [...rides.values()]
      .filter((ride) => ride.requestedAtMs >= start && ride.requestedAtMs <= end)
      .sort((a, b) => b.requestedAtMs - a.requestedAtMs)
      .slice(0, limit);
    return json(200, { ride_history: found.map(view) });
  };

  const cancel = async (ride: SimRide, request: Request) => {
    const parsed = lyftCancelBody.safeParse(await request.json().catch(() => ({})));
    if (!parsed.success) return apiError(400, 'bad_parameter');
    const status = ride.detail.status;
    if (status === 'canceled' || status === 'droppedOff' || status === 'pickedUp') return apiError(409, 'ride_not_cancellable');
    if (status === 'accepted' || status === 'arrived') {
      const given = parsed.data.cancel_confirmation_token;
      if (given) {
        const valid = ride.cancelToken && ride.cancelToken.token === given && clock.now() <= ride.cancelToken.expiresAtMs;
        if (!valid) return apiError(400, 'invalid_cancel_confirmation');
      } else {
        const seconds = options.cancelTokenSeconds ?? 60;
        ride.cancelToken = { token: randomString(random, 7, '0123456789abcdef'), expiresAtMs: clock.now() + seconds * 1000 };
        return json(400, {
          error: 'cancel_confirmation_required',
          error_detail: [{ cancel_confirmation: 'a valid cancel_confirmation_token is required to cancel a ride' }],
          amount: cancelFee.amount,
          currency: cancelFee.currency,
          description: 'Cancellation penalty',
          token: ride.cancelToken.token,
          token_duration: seconds,
        });
      }
      ride.detail.price = { amount: cancelFee.amount, currency: cancelFee.currency, description: 'Cancellation penalty' };
    }
    ride.detail.status = 'canceled';
    ride.detail.canceled_by = 'dispatcher';
    delete ride.detail.cancellation_price;
    ride.cancelToken = null;
    return noContent();
  };

  const simulator: LyftSimulator = {
    received,
    faults,
    webhookUrl: options.webhookUrl ?? null,
    baseUrl: 'http://lyft.simulator',
    get bookings() {
      return bookings;
    },
    get tokenRequests() {
      return tokenRequests;
    },
    ride: (rideId) => rides.get(rideId)?.detail,
    revokeTokens: () => tokens.clear(),

    async fetch(request) {
      const url = new URL(request.url);
      const path = url.pathname.replace(/\/+$/, '');
      if (request.method === 'POST' && path === '/oauth/token') return token(request);
      const bearer = bearerToken(request);
      if (!bearer || !tokens.has(bearer)) return json(401, { error: 'invalid_token' });
      const isBooking = request.method === 'POST' && path === '/v1/rides';
      const fault = takeFault(faults, isBooking);
      if (fault) return fault;
      if (request.method === 'GET' && path === '/v1/cost') return cost(url.searchParams);
      if (request.method === 'GET' && path === '/v1/eta') return eta(url.searchParams);
      if (isBooking) return book(request);
      if (request.method === 'GET' && path === '/v1/rides') return history(url.searchParams);
      const match = /^\/v1\/rides\/([^/]+)(\/cancel)?$/.exec(path);
      const ride = match?.[1] ? rides.get(decodeURIComponent(match[1])) : undefined;
      if (match && !ride) return apiError(404, 'not_found');
      if (ride && request.method === 'GET' && !match?.[2]) return json(200, view(ride));
      if (ride && request.method === 'POST' && match?.[2]) return cancel(ride, request);
      return apiError(404, 'not_found');
    },

    async advance(rideId, status, advanceOptions = {}) {
      const ride = rides.get(rideId);
      if (!ride) throw new Error(`No simulated ride ${rideId}`);
      const detail = ride.detail;
      detail.status = status;
      if ((status === 'accepted' || status === 'arrived') && !detail.driver) {
        const driver = syntheticDrivers[Math.floor(random() * syntheticDrivers.length)] ?? syntheticDrivers[0];
        detail.driver = { first_name: driver.firstName, phone_number: driver.phone, rating: '4.9', image_url: 'https://example.invalid/driver.png', user_id: randomString(random, 10, '0123456789') };
        detail.vehicle = { make: driver.make, model: driver.model, color: driver.color, license_plate: driver.plate, license_plate_state: 'CA', year: 2022, image_url: 'https://example.invalid/car.png' };
      }
      if (status === 'accepted' || status === 'arrived') detail.cancellation_price = { amount: cancelFee.amount, currency: cancelFee.currency, description: 'Cancellation penalty' };
      else delete detail.cancellation_price;
      const place = (key: 'origin' | 'destination') => ({ ...(detail[key] as object), time: iso() });
      if (status === 'pickedUp') detail.pickup = place('origin');
      if (status === 'droppedOff') {
        detail.dropoff = place('destination');
        detail.price = { amount: fareCents(detail.ride_type, ride.miles), currency: 'USD', description: 'Total ride price' };
      }
      if (status === 'canceled') detail.canceled_by = advanceOptions.canceledBy ?? 'driver';
      eventSeq++;
      const eventId = `evt_${eventSeq}_${randomString(random, 10)}`;
      const event = { event_id: eventId, href: `${simulator.baseUrl}/v1/rides/${rideId}`, occurred_at: iso(), event_type: LYFT_STATUS_EVENT, event: view(ride) };
      const delivered = await deliverWebhook(simulator.webhookUrl, event, creds.webhookSecret, (mac) => ({ 'X-Lyft-Signature': `sha256=${encodeBase64(mac)}` }));
      return { ...delivered, eventId };
    },
  };
  return simulator;
}

/** Serves a Lyft simulator on 127.0.0.1 (Node only). */
export async function startLyftSimulator(options: LyftSimulatorOptions = {}): Promise<LyftSimulator & { url: string; close(): Promise<void> }> {
  const simulator = createLyftSimulator(options);
  const server = await serveOnLoopback((request) => simulator.fetch(request));
  simulator.baseUrl = server.url;
  return Object.assign(simulator, { url: server.url, close: server.close });
}
