import { GatewayError } from '../../../src/domain/errors';
import { bookingReference, rideEstimateInput, rideRequest, type Ride } from '../../../src/domain/ride';
import type { Clock } from '../../../src/ports/clock';
import type { RidePort } from '../../../src/ports/ride-port';
import { readUpstreamJson, upstreamRequest, type UpstreamDeps } from '../../shared/upstream-request';
import type { FetchFn } from '../../../src/ports/fetch';
import { createTokenCache } from '../../shared/oauth/token-cache';
import { decodeHex, importHmacKey, verifyHmacSha256 } from '../common/hmac';
import { createTokenBucket } from '../../shared/token-bucket';
import type { RateLimit } from '../../../src/ports/rate-limiter';
import { parseInput, parseWebhookJson } from '../common/validate';
import { createVendorClient, readErrorBody } from '../common/vendor-client';
import { toRide, toRideEstimates, toUberTripBody } from './mapping';
import { mapUberStatus } from './status';
import {
  UBER_ENVIRONMENT_HEADER,
  UBER_TOKEN_URL,
  uberApiError,
  uberEstimatesResponse,
  uberScopeOf,
  uberTokenResponse,
  uberTrip,
  uberTripList,
  uberWebhook,
  type UberEnvironment,
} from './wire';

export interface UberHealthRideAdapterOptions {
  sourceId: string;
  /** API root without /v1, e.g. https://api.uber.com (sandbox: https://sandbox-api.uber.com) */
  baseUrl: string;
  /** Which Uber API `baseUrl` is: decides the default scope, and which webhooks are accepted (their X-Environment). */
  environment: UberEnvironment;
  /** Default https://auth.uber.com/oauth/v2/token (for both environments: the API hosts serve no tokens). */
  tokenUrl?: string;
  fetch: FetchFn;
  clock: Clock;
  credentials: { clientId: string; clientSecret: string };
  webhookSecret: string;
  timeoutMs: number;
  rateLimit?: RateLimit;
  /** OAuth scope; default by environment: `health` in production, `health.sandbox` in Uber's sandbox. */
  scope?: string;
  /** Sent as x-uber-organizationuuid, which Uber requires from third-party apps. */
  organizationId?: string;
  /** Pages of active trips `findByExternalReference` reads at most (50 trips each; default 4). */
  lookupPages?: number;
  /** Pages of past trips (newest first) it reads after those (default 1: a re-send comes soon after a ride ends). */
  lookupPastPages?: number;
  sleep?: UpstreamDeps['sleep'];
  onAttempt?: UpstreamDeps['onAttempt'];
}

const SIGNATURE_HEADER = 'x-uber-signature';
const TRIPS = '/v1/health/trips';

export function createUberHealthRideAdapter(options: UberHealthRideAdapterOptions): RidePort {
  const { sourceId, clock } = options;
  // An empty HMAC key cannot be imported, and would make every webhook check fail: refuse it up front.
  if (!options.webhookSecret) throw new Error(`${sourceId}: webhookSecret is required`);
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const nowIso = () => new Date(clock.now()).toISOString();
  const deps: UpstreamDeps = { fetch: options.fetch, sleep: options.sleep, onAttempt: options.onAttempt };

  // Uber allows 100 token requests an hour: the token source caches for the token's whole life.
  const tokens = createTokenCache(async () => {
    const form = new URLSearchParams({
      client_id: options.credentials.clientId,
      client_secret: options.credentials.clientSecret,
      grant_type: 'client_credentials',
      scope: options.scope ?? uberScopeOf[options.environment],
    });
    const response = await upstreamRequest(deps, {
      sourceId,
      url: options.tokenUrl ?? UBER_TOKEN_URL,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      timeoutMs: options.timeoutMs,
      idempotent: true,
      maxRetries: 1,
    });
    const token = await readUpstreamJson(response, uberTokenResponse, sourceId);
    return { accessToken: token.access_token, expiresInSeconds: token.expires_in };
  }, clock);

  const client = createVendorClient({
    sourceId,
    baseUrl,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    tokens,
    limiter: options.rateLimit ? createTokenBucket(options.rateLimit, clock) : null,
    headers: options.organizationId ? { 'x-uber-organizationuuid': options.organizationId } : {},
    sleep: options.sleep,
    onAttempt: options.onAttempt,
  });

  /** Maps an Uber 4xx we chose to read; the `code` slug is safe to pass on, the message is not. */
  const vendorError = async (response: Response): Promise<GatewayError> => {
    const parsed = uberApiError.safeParse(await readErrorBody(response));
    const details = { sourceId, upstreamStatus: response.status, vendorError: parsed.success ? parsed.data.code : 'unknown' };
    if (response.status === 409) return new GatewayError('CONFLICT', 'The ride cannot do that in its current state', { details });
    return new GatewayError('BAD_INPUT', 'The ride source rejected the request', { details });
  };

  const webhookKey = importHmacKey(options.webhookSecret);

  const get = async (vendorRideId: string): Promise<Ride> => {
    const response = await client.call({ method: 'GET', path: `${TRIPS}/${encodeURIComponent(vendorRideId)}`, idempotent: true, passStatuses: [400] });
    if (response.status === 400) {
      // Uber answers 400 validation_failed for ids it cannot even parse: for us that is "no such ride".
      await response.body?.cancel();
      throw new GatewayError('NOT_FOUND', 'Not found upstream', { details: { sourceId, upstreamStatus: 400 } });
    }
    return toRide(sourceId, await client.readJson(response, uberTrip), nowIso());
  };

  return {
    sourceId,

    async estimate(rawInput) {
      const input = parseInput(rideEstimateInput, rawInput, sourceId);
      const response = await client.call({
        method: 'POST',
        path: `${TRIPS}/estimates`,
        json: {
          pickup: { latitude: input.pickup.lat, longitude: input.pickup.lng },
          dropoff: { latitude: input.dropoff.lat, longitude: input.dropoff.lng },
        },
        // An estimate creates nothing, so it is safe to repeat.
        idempotent: true,
        passStatuses: [400, 422],
      });
      if (!response.ok) throw await vendorError(response);
      const body = await client.readJson(response, uberEstimatesResponse);
      const wanted = input.productId ? body.product_estimates.filter((e) => e.product.product_id === input.productId) : body.product_estimates;
      return toRideEstimates(sourceId, wanted);
    },

    async book(rawRequest, { externalReference }) {
      const request = parseInput(rideRequest, rawRequest, sourceId);
      const reference = parseInput(bookingReference, externalReference, sourceId);
      const response = await client.call({
        method: 'POST',
        path: TRIPS,
        json: toUberTripBody(request, reference),
        idempotent: false,
        passStatuses: [400, 409, 422],
      });
      if (!response.ok) throw await vendorError(response);
      return toRide(sourceId, await client.readJson(response, uberTrip), nowIso());
    },

    get,

    async findByExternalReference(reference) {
      // Uber lists ACTIVE trips unless asked for PAST ones: a booking re-sent after its ride ended
      // (or was cancelled) is only in the second list.
      const lists = [
        { tripStatus: 'ACTIVE', pages: options.lookupPages ?? 4 },
        { tripStatus: 'PAST', pages: options.lookupPastPages ?? 1 },
      ];
      for (const { tripStatus, pages } of lists) {
        let startKey: string | undefined;
        for (let page = 0; page < pages; page++) {
          const response = await client.call({
            method: 'GET',
            path: TRIPS,
            query: { trip_status: tripStatus, limit: 50, start_key: startKey },
            idempotent: true,
          });
          const list = await client.readJson(response, uberTripList);
          const match = list.trips.find((trip) => trip.expense_memo === reference);
          if (match) return toRide(sourceId, match, nowIso());
          if (!list.next_key) break;
          startKey = list.next_key;
        }
      }
      return null;
    },

    async cancel(vendorRideId) {
      // Uber Health has no fee-confirmation step: DELETE cancels, and any fee shows in the fare.
      const response = await client.call({
        method: 'DELETE',
        path: `${TRIPS}/${encodeURIComponent(vendorRideId)}`,
        idempotent: false,
        passStatuses: [400, 409],
      });
      if (!response.ok) throw await vendorError(response);
      await response.body?.cancel();
      return get(vendorRideId);
    },

    async verifyWebhook(rawBody, headers) {
      try {
        const signature = decodeHex(headers.get(SIGNATURE_HEADER)?.trim() ?? '');
        if (!signature || !(await verifyHmacSha256(await webhookKey, signature, rawBody))) return false;
      } catch {
        return false;
      }
      // Signed, but by the other API (a sandbox trip must never move a production ride, nor the reverse).
      if (headers.get(UBER_ENVIRONMENT_HEADER)?.trim().toLowerCase() !== options.environment) return { refused: 'wrong-environment' };
      return true;
    },

    parseWebhook(rawBody) {
      const event = parseWebhookJson(uberWebhook, rawBody, sourceId);
      // Receipt and other events carry no trip status; the caller acknowledges and ignores them.
      if (!event.event_type.endsWith('status_changed')) return null;
      const rideId = event.meta?.resource_id;
      const rawStatus = event.meta?.status;
      if (!rideId || !rawStatus) throw new GatewayError('BAD_INPUT', 'Webhook event names no trip or status', { details: { sourceId } });
      const mapped = mapUberStatus(rawStatus);
      return {
        eventId: event.event_id,
        vendorRideId: rideId,
        rawStatus,
        status: mapped?.status ?? null,
        statusReason: mapped?.reason ?? null,
        occurredAt: new Date(event.event_time * 1000).toISOString(),
      };
    },

    async ping() {
      try {
        const response = await client.call({ method: 'GET', path: TRIPS, query: { limit: 1 }, idempotent: false, unmetered: true });
        await response.body?.cancel();
        return true;
      } catch {
        return false;
      }
    },
  };
}
