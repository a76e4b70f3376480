import type { Clock } from '../../../src/ports/clock';
import { serveOnLoopback } from '../../shared/loopback-server';
import { encodeHex } from '../common/hmac';
import {
  bearerToken,
  createFaults,
  delay,
  deliverWebhook,
  distanceMiles,
  json,
  noContent,
  randomUuid,
  seededRandom,
  simulatorClock,
  syntheticDrivers,
  takeFault,
  type DeliveredWebhook,
  type SimulatorFaults,
} from '../common/simulator-kit';
import { createUberAuthHost } from './simulator-auth-host';
import { listFare, productEstimate, UBER_SIM_CANCEL_FEE, uberSimProducts as products } from './simulator-estimates';
import { UBER_HEALTH_STATUS_EVENT, uberEstimatesRequest, uberTripRequestBody, type UberEnvironment, type UberTripStatus } from './wire';

/**
 * An Uber Health API stand-in for the sandbox and tests, speaking the wire format of ./wire.ts:
 * trip estimates with decimal fares, trips (create, get, list, delete) and signed
 * `health.status_changed` webhooks driven by `advance`, which carry `X-Environment` as Uber's do
 * (https://developer.uber.com/docs/health/references/api/webhooks/status-changed). Tokens come
 * from a separate auth host (./simulator-auth-host.ts), as https://auth.uber.com is not the API
 * host: the API host answers 404 for /oauth/v2/token like any route it does not have. Deterministic for
 * a given seed and clock. Synthetic data only. The trip list follows "List All Health Trips"
 * (https://developer.uber.com/docs/health/references/api/v1/health-trips-get): ACTIVE trips
 * unless trip_status=PAST, limit default 50, pages by next_key/start_key; it filters by no
 * other field, so finding a trip by its `expense_memo` means scanning both lists.
 */
export interface UberHealthSimulatorOptions {
  clientId?: string;
  clientSecret?: string;
  webhookSecret?: string;
  webhookUrl?: string | null;
  organizationId?: string;
  /** Which Uber API this stands in for (default sandbox): decides the token scope and the webhooks' X-Environment. */
  environment?: UberEnvironment;
  seed?: number;
  clock?: Clock;
  tokenTtlSeconds?: number;
  /** Seconds an upfront fare (fare_id) stays bookable (default 120). */
  fareTtlSeconds?: number;
}

type Trip = Record<string, unknown> & { request_id: string; status: UberTripStatus };
interface SimTrip {
  trip: Trip;
  requestedAtMs: number;
  fareValue: number | string;
}

export interface UberHealthSimulator {
  fetch(request: Request): Promise<Response>;
  /** Every trip-creation body exactly as received (parsed JSON, or the raw text if it was not JSON). */
  readonly received: unknown[];
  readonly bookings: number;
  readonly tokenRequests: number;
  readonly faults: SimulatorFaults;
  /** Fare `value` to answer for a product, verbatim (e.g. 12.3, "19.99", 0.30000000000000004). */
  readonly fareOverrides: Map<string, number | string>;
  webhookUrl: string | null;
  baseUrl: string;
  /** The auth host (https://auth.uber.com in production): its token endpoint is `${authUrl}/oauth/v2/token`. */
  readonly authFetch: (request: Request) => Promise<Response>;
  trip(requestId: string): Trip | undefined;
  advance(requestId: string, status: UberTripStatus, options?: { statusDetail?: string }): Promise<DeliveredWebhook & { eventId: string }>;
  revokeTokens(): void;
}

export const UBER_SIM_DEFAULTS = { clientId: 'sim-uber-client', clientSecret: 'sim-uber-secret', webhookSecret: 'sim-uber-webhook-key' };

export { UBER_SIM_PRODUCTS } from './simulator-estimates';
const terminal = new Set<UberTripStatus>(['completed', 'rider_canceled', 'driver_canceled', 'no_drivers_available', 'failed', 'expired']);

const isE164 = (value: string) => /^\+[1-9]\d{1,14}$/.test(value);
const apiError = (status: number, code: string, message: string) => json(status, { code, message, metadata: {} });

export function createUberHealthSimulator(options: UberHealthSimulatorOptions = {}): UberHealthSimulator {
  const clock = options.clock ?? simulatorClock;
  const random = seededRandom(options.seed ?? 1);
  const creds = { ...UBER_SIM_DEFAULTS, ...options };
  const orgId = options.organizationId ?? '5f0c0a52-0000-4000-a000-00000000000f';
  const environment = options.environment ?? 'sandbox';
  const trips = new Map<string, SimTrip>();
  const auth = createUberAuthHost({
    clientId: creds.clientId,
    clientSecret: creds.clientSecret,
    environment,
    random,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 2_592_000,
  });
  const fares = new Map<string, { productId: string; value: number | string; expiresAtMs: number }>();
  const received: unknown[] = [];
  const faults = createFaults();
  const fareOverrides = new Map<string, number | string>();
  let bookings = 0;

  const fareValue = (productId: string, miles: number): number | string => {
    return fareOverrides.get(productId) ?? listFare(productId, miles);
  };
  const view = (sim: SimTrip) => ({ ...sim.trip });

  const estimates = async (request: Request) => {
    const parsed = uberEstimatesRequest.safeParse(await request.json().catch(() => null));
    if (!parsed.success) return apiError(400, 'validation_failed', 'pickup and dropoff latitude/longitude are required');
    const { pickup, dropoff } = parsed.data;
    const miles = distanceMiles(pickup.latitude, pickup.longitude, dropoff.latitude, dropoff.longitude);
    const expiresAtMs = clock.now() + (options.fareTtlSeconds ?? 120) * 1000;
    const productEstimates = products.map((product) => {
      const fareId = randomUuid(random);
      const value = fareValue(product.product_id, miles);
      fares.set(fareId, { productId: product.product_id, value, expiresAtMs });
      return productEstimate(product, { fareId, value, expiresAtMs }, miles, 3 + Math.floor(random() * 6));
    });
    return json(200, { etas_unavailable: false, fares_unavailable: false, product_estimates: productEstimates });
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
    const parsed = uberTripRequestBody.safeParse(data);
    if (!parsed.success) return apiError(400, 'validation_failed', 'The request body is invalid');
    const body = parsed.data;
    if (!isE164(body.guest.phone_number)) return apiError(400, 'validation_failed', 'guest.phone_number must be E.164');
    const product = products.find((p) => p.product_id === body.product_id);
    if (!product) return apiError(400, 'validation_failed', 'Unknown product_id');
    const fare = body.fare_id ? fares.get(body.fare_id) : undefined;
    if (body.fare_id && (!fare || fare.productId !== body.product_id || clock.now() > fare.expiresAtMs)) {
      return apiError(400, 'validation_failed', 'fare_id is invalid or expired');
    }
    if (body.scheduling && body.scheduling.pickup_time <= clock.now()) return apiError(400, 'validation_failed', 'pickup_time must be in the future');
    const requestId = randomUuid(random);
    const status: UberTripStatus = body.scheduling ? 'scheduled' : body.deferred_ride_options ? 'offered' : 'processing';
    const miles = distanceMiles(body.pickup.latitude, body.pickup.longitude, body.dropoff.latitude, body.dropoff.longitude);
    const sim: SimTrip = {
      requestedAtMs: clock.now(),
      fareValue: fare?.value ?? fareValue(product.product_id, miles),
      trip: {
        request_id: requestId,
        status,
        guest: { first_name: body.guest.first_name, last_name: body.guest.last_name, guest_id: randomUuid(random) },
        pickup: body.pickup,
        destination: body.dropoff,
        product: { product_id: product.product_id, display_name: product.display_name },
        request_time: clock.now(),
        currency_code: 'USD',
        ...(body.scheduling ? { scheduling: { pickup_time: body.scheduling.pickup_time } } : {}),
        ...(body.deferred_ride_options ? { deferred_ride_options: body.deferred_ride_options } : {}),
        ...(body.expense_memo ? { expense_memo: body.expense_memo } : {}),
        ...(body.note_for_driver ? { note_for_driver: body.note_for_driver } : {}),
      },
    };
    trips.set(requestId, sim);
    bookings++;
    if (faults.bookingDelayMs > 0) await delay(faults.bookingDelayMs);
    return json(200, view(sim));
  };

  const list = (params: URLSearchParams) => {
    // GET /v1/health/trips: trip_status ACTIVE (default) or PAST, newest first, paged by next_key.
    const tripStatus = params.get('trip_status') ?? 'ACTIVE';
    if (tripStatus !== 'ACTIVE' && tripStatus !== 'PAST') return apiError(400, 'validation_failed', 'trip_status must be ACTIVE or PAST');
    const wantPast = tripStatus === 'PAST';
    const limit = Math.min(50, Math.max(1, Number(params.get('limit') ?? 50) || 50));
    const start = Number(params.get('start_key') ?? 0) || 0;
    const all = [...trips.values()]
      .filter((sim) => terminal.has(sim.trip.status) === wantPast)
      .sort((a, b) => b.requestedAtMs - a.requestedAtMs);
    const page = all.slice(start, start + limit);
    return json(200, { trips: page.map(view), ...(start + limit < all.length ? { next_key: String(start + limit) } : {}) });
  };

  const cancel = (sim: SimTrip) => {
    const status = sim.trip.status;
    if (terminal.has(status) || status === 'in_progress') return apiError(409, 'trip_not_cancelable', 'The trip can no longer be canceled');
    if (status === 'accepted' || status === 'arriving') sim.trip.fare = { value: UBER_SIM_CANCEL_FEE, currency_code: 'USD' };
    sim.trip.status = 'rider_canceled';
    sim.trip.status_detail = 'coordinator_canceled';
    return noContent();
  };

  const simulator: UberHealthSimulator = {
    received,
    faults,
    fareOverrides,
    webhookUrl: options.webhookUrl ?? null,
    baseUrl: 'http://uber-health.simulator',
    get bookings() {
      return bookings;
    },
    get tokenRequests() {
      return auth.requests;
    },
    authFetch: (request) => auth.fetch(request),
    trip: (requestId) => trips.get(requestId)?.trip,
    revokeTokens: () => auth.revokeAll(),

    async fetch(request) {
      const url = new URL(request.url);
      const path = url.pathname.replace(/\/+$/, '');
      // The API host serves /v1 only: a token request here is a request for a route it does not have.
      if (!path.startsWith('/v1/')) return apiError(404, 'not_found', 'No such route');
      const bearer = bearerToken(request);
      if (!bearer || !auth.isIssued(bearer)) return apiError(401, 'unauthorized', 'Invalid OAuth 2.0 credentials provided.');
      const isBooking = request.method === 'POST' && path === '/v1/health/trips';
      const fault = takeFault(faults, isBooking);
      if (fault) return fault;
      if (request.method === 'POST' && path === '/v1/health/trips/estimates') return estimates(request);
      if (isBooking) return book(request);
      if (request.method === 'GET' && path === '/v1/health/trips') return list(url.searchParams);
      const match = /^\/v1\/health\/trips\/([^/]+)$/.exec(path);
      const id = match?.[1] ? decodeURIComponent(match[1]) : '';
      if (match && !/^[0-9a-f-]{36}$/.test(id)) return apiError(400, 'validation_failed', 'Invalid request_id');
      const sim = trips.get(id);
      if (!sim) return apiError(404, 'not_found', 'The requested resource or entity could not be found on the server.');
      if (request.method === 'GET') return json(200, view(sim));
      if (request.method === 'DELETE') return cancel(sim);
      return apiError(404, 'not_found', 'No such route');
    },

    async advance(requestId, status, advanceOptions = {}) {
      const sim = trips.get(requestId);
      if (!sim) throw new Error(`No simulated trip ${requestId}`);
      const trip = sim.trip;
      trip.status = status;
      if (advanceOptions.statusDetail) trip.status_detail = advanceOptions.statusDetail;
      if (status === 'accepted' || status === 'arriving' || status === 'driver_redispatched') {
        const driver = syntheticDrivers[Math.floor(random() * syntheticDrivers.length)] ?? syntheticDrivers[0];
        trip.driver = { name: driver.firstName, phone_number: driver.phone, rating: 4.9, picture_url: 'https://example.invalid/driver.png' };
        trip.vehicle = { make: driver.make, model: driver.model, vehicle_color_name: driver.color, license_plate: driver.plate, picture_url: 'https://example.invalid/car.png' };
      }
      if (status === 'in_progress') trip.begin_trip_time = clock.now();
      if (status === 'completed') {
        trip.dropoff_time = clock.now();
        trip.fare = { value: sim.fareValue, currency_code: 'USD' };
      }
      const eventId = randomUuid(random);
      const event = {
        event_id: eventId,
        event_time: Math.floor(clock.now() / 1000),
        event_type: UBER_HEALTH_STATUS_EVENT,
        resource_href: `${simulator.baseUrl}/v1/health/trips/${requestId}`,
        meta: { user_id: randomUuid(random), org_uuid: orgId, resource_id: requestId, status },
      };
      const delivered = await deliverWebhook(simulator.webhookUrl, event, creds.webhookSecret, (mac) => ({
        'X-Uber-Signature': encodeHex(mac),
        'X-Environment': environment,
      }));
      return { ...delivered, eventId };
    },
  };
  return simulator;
}

export type StartedUberHealthSimulator = UberHealthSimulator & {
  /** The API host (https://api.uber.com, or https://sandbox-api.uber.com). */
  url: string;
  /** The auth host (https://auth.uber.com): a second loopback server, so a token URL at the API host fails. */
  authUrl: string;
  close(): Promise<void>;
};

/** Serves an Uber Health simulator on 127.0.0.1 (Node only): its API and its auth host on two ports. */
export async function startUberHealthSimulator(options: UberHealthSimulatorOptions = {}): Promise<StartedUberHealthSimulator> {
  const simulator = createUberHealthSimulator(options);
  const [api, auth] = await Promise.all([serveOnLoopback((request) => simulator.fetch(request)), serveOnLoopback((request) => simulator.authFetch(request))]);
  simulator.baseUrl = api.url;
  const close = async () => {
    await Promise.all([api.close(), auth.close()]);
  };
  return Object.assign(simulator, { url: api.url, authUrl: auth.url, close });
}
