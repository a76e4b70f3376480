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
  randomString,
  seededRandom,
  simulatorClock,
  takeFault,
  type DeliveredWebhook,
  type SimulatorFaults,
} from '../common/simulator-kit';
import { lyftApiError } from './simulator-api-error';
import { createLyftOAuth, type LyftOAuth } from './simulator-oauth';
import { costEstimates, etaEstimates, rideTypes } from './simulator-estimates';
import { applyStatus, cancelRide, type RideStateContext, type SimulatedRide, type SimulatedRideDetail } from './simulator-ride-state';
import { LYFT_STATUS_EVENT, lyftRideRequestBody, type LyftRideStatus } from './wire';

/**
 * A Lyft API v1 stand-in for the sandbox and tests, speaking the wire format of ./wire.ts:
 * OAuth (client credentials for `public`, the organisation's refresh token for ride scopes, and
 * Lyft's refusals: see ./simulator-oauth.ts), cost and ETA estimates, booking, ride detail and
 * history, the two-step cancellation fee, and signed `ride.status.updated` webhooks driven by `advance`.
 * Deterministic for a given seed and clock. Synthetic data only. This file routes requests and
 * keeps the accounts (tokens, bookings); estimates and a ride's changes live beside it.
 * Ride history follows the public spec's `GET /v1/rides` (see ./wire.ts): start_time required,
 * end_time optional, limit 1-50, newest first; nothing filters by `internal_memo`, so finding a
 * booking by our reference means scanning a time window.
 */
export interface LyftSimulatorOptions {
  clientId?: string;
  clientSecret?: string;
  webhookSecret?: string;
  webhookUrl?: string | null;
  seed?: number;
  clock?: Clock;
  tokenTtlSeconds?: number;
  /** User access token lifetime (default 3600 s, Lyft's example). */
  userTokenTtlSeconds?: number;
  /** Scopes client_credentials grants (Lyft: `public`; a Concierge-style account: ride scopes too). */
  clientCredentialScopes?: readonly string[];
  /** The organisation's refresh token (default LYFT_SIM_DEFAULTS.refreshToken). */
  refreshToken?: string;
  /** Scopes that refresh token carries (default public rides.read rides.request offline). */
  userScopes?: readonly string[];
  /** Answer a new refresh_token on each refresh and revoke the old one (Lyft's docs show none). */
  rotateRefreshTokens?: boolean;
  /** Fee once a driver is assigned, in cents (default 500 USD). */
  cancelFee?: { amount: number; currency: string };
  /** Lifetime of a cancel confirmation token (Lyft: about 60 s). */
  cancelTokenSeconds?: number;
}

export interface LyftSimulator {
  fetch(request: Request): Promise<Response>;
  /** Every booking body exactly as received (parsed JSON, or the raw text if it was not JSON). */
  readonly received: unknown[];
  readonly bookings: number;
  readonly tokenRequests: number;
  /** The token endpoint: grants asked for, the refresh token that works now, revocation. */
  readonly oauth: LyftOAuth;
  readonly faults: SimulatorFaults;
  webhookUrl: string | null;
  /** Public base URL used in webhook `href`s (set by `startLyftSimulator`). */
  baseUrl: string;
  ride(rideId: string): SimulatedRideDetail | undefined;
  /** Moves a ride to `status` and POSTs the signed webhook to `webhookUrl`. */
  advance(rideId: string, status: LyftRideStatus, options?: { canceledBy?: 'passenger' | 'driver' | 'dispatcher' }): Promise<DeliveredWebhook & { eventId: string }>;
  /** Forget issued access tokens (both kinds), so the next API call answers 401. */
  revokeTokens(): void;
}

export const LYFT_SIM_DEFAULTS = {
  clientId: 'sim-lyft-client',
  clientSecret: 'sim-lyft-secret',
  webhookSecret: 'sim-lyft-webhook-secret',
  refreshToken: 'sim-lyft-org-refresh-token',
};

const isE164 = (value: string) => /^\+[1-9]\d{1,14}$/.test(value);

export function createLyftSimulator(options: LyftSimulatorOptions = {}): LyftSimulator {
  const clock = options.clock ?? simulatorClock;
  const random = seededRandom(options.seed ?? 1);
  const creds = { ...LYFT_SIM_DEFAULTS, ...options };
  const rideState: RideStateContext = {
    clock,
    random,
    cancelFee: options.cancelFee ?? { amount: 500, currency: 'USD' },
    cancelTokenSeconds: options.cancelTokenSeconds ?? 60,
  };
  const rides = new Map<string, SimulatedRide>();
  const oauth = createLyftOAuth(
    {
      clientId: creds.clientId,
      clientSecret: creds.clientSecret,
      refreshToken: creds.refreshToken,
      ...(options.clientCredentialScopes ? { clientCredentialScopes: options.clientCredentialScopes } : {}),
      ...(options.userScopes ? { userScopes: options.userScopes } : {}),
      ...(options.rotateRefreshTokens ? { rotateRefreshTokens: true } : {}),
      ...(options.tokenTtlSeconds ? { tokenTtlSeconds: options.tokenTtlSeconds } : {}),
      ...(options.userTokenTtlSeconds ? { userTokenTtlSeconds: options.userTokenTtlSeconds } : {}),
    },
    random,
  );
  const costTokens = new Set<string>();
  const received: unknown[] = [];
  const faults = createFaults();
  let bookings = 0;
  let eventSeq = 0;
  const iso = (ms = clock.now()) => new Date(ms).toISOString();
  const view = (ride: SimulatedRide) => ({ ...ride.detail, generated_at: iso() });

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
    if (!parsed.success) return lyftApiError(400, 'bad_parameter', { [String(parsed.error.issues[0]?.path.join('.') ?? 'body')]: 'invalid' });
    const body = parsed.data;
    if (!isE164(body.passenger.phone_number)) return lyftApiError(400, 'bad_parameter', { phone_number: 'must be E.164' });
    if (!rideTypes[body.ride_type]) return lyftApiError(400, 'ridetype_unavailable_in_region');
    if (body.cost_token && !costTokens.has(body.cost_token)) return lyftApiError(400, 'invalid_primetime_confirmation');
    const rideId = String(1 + Math.floor(random() * 9)) + randomString(random, 17, '0123456789');
    const status: LyftRideStatus = body.scheduled_pickup_time ? 'scheduled' : 'pending';
    const ride: SimulatedRide = {
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
    // GET /v1/rides: start_time required, end_time optional (ISO 8601), limit 1-50 (default 10);
    // no cursor and no filter on any other field, so a caller pages by moving end_time back.
    const start = Date.parse(params.get('start_time') ?? '');
    if (Number.isNaN(start)) return lyftApiError(400, 'bad_parameter', { start_time: 'required, ISO 8601' });
    const endParam = params.get('end_time');
    const end = endParam === null ? Number.POSITIVE_INFINITY : Date.parse(endParam);
    if (Number.isNaN(end)) return lyftApiError(400, 'bad_parameter', { end_time: 'ISO 8601' });
    const limit = Number(params.get('limit') ?? 10);
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) return lyftApiError(400, 'bad_parameter', { limit: 'an integer from 1 to 50' });
    const found = [...rides.values()]
      .filter((ride) => ride.requestedAtMs >= start && ride.requestedAtMs <= end)
      .sort((a, b) => b.requestedAtMs - a.requestedAtMs)
      .slice(0, limit);
    return json(200, { ride_history: found.map(view) });
  };

  const simulator: LyftSimulator = {
    received,
    faults,
    webhookUrl: options.webhookUrl ?? null,
    baseUrl: 'http://lyft.simulator',
    get bookings() {
      return bookings;
    },
    oauth,
    get tokenRequests() {
      return oauth.grants.length;
    },
    ride: (rideId) => rides.get(rideId)?.detail,
    revokeTokens: () => oauth.revokeAccessTokens(),

    async fetch(request) {
      const url = new URL(request.url);
      const path = url.pathname.replace(/\/+$/, '');
      if (request.method === 'POST' && path === '/oauth/token') return oauth.token(request);
      const refused = oauth.authorize(bearerToken(request), request.method, path);
      if (refused) return refused;
      const isBooking = request.method === 'POST' && path === '/v1/rides';
      const fault = takeFault(faults, isBooking);
      if (fault) return fault;
      if (request.method === 'GET' && path === '/v1/cost') return costEstimates(url.searchParams, random, costTokens);
      if (request.method === 'GET' && path === '/v1/eta') return etaEstimates(url.searchParams, random);
      if (isBooking) return book(request);
      if (request.method === 'GET' && path === '/v1/rides') return history(url.searchParams);
      const match = /^\/v1\/rides\/([^/]+)(\/cancel)?$/.exec(path);
      const ride = match?.[1] ? rides.get(decodeURIComponent(match[1])) : undefined;
      if (match && !ride) return lyftApiError(404, 'not_found');
      if (ride && request.method === 'GET' && !match?.[2]) return json(200, view(ride));
      if (ride && request.method === 'POST' && match?.[2]) return cancelRide(ride, request, rideState);
      return lyftApiError(404, 'not_found');
    },

    async advance(rideId, status, advanceOptions = {}) {
      const ride = rides.get(rideId);
      if (!ride) throw new Error(`No simulated ride ${rideId}`);
      applyStatus(ride, status, rideState, advanceOptions.canceledBy);
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
