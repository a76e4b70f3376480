import type { z } from 'zod';
import { GatewayError } from '../../../src/domain/errors';
import { bookingReference, rideEstimateInput, rideRequest, type Ride } from '../../../src/domain/ride';
import type { Clock } from '../../../src/ports/clock';
import type { RidePort } from '../../../src/ports/ride-port';
import { upstreamError, type UpstreamDeps } from '../../shared/upstream-request';
import type { FetchFn } from '../../../src/ports/fetch';
import { decodeBase64, importHmacKey, verifyHmacSha256 } from '../common/hmac';
import { createTokenBucket } from '../../shared/token-bucket';
import type { RateLimit } from '../../../src/ports/rate-limiter';
import { parseInput, parseWebhookJson } from '../common/validate';
import { createVendorClient, readErrorBody, type VendorCall } from '../common/vendor-client';
import { createLyftTokens, type LyftAuth } from './lyft-tokens';
import { LYFT_RIDE_SCOPES, rideScopesNotGranted } from './ride-scopes';
import { toBookedRide, toLyftBookingBody, toRide, toRideEstimates } from './mapping';
import { mapLyftCanceledBy, mapLyftStatus } from './status';
import {
  LYFT_STATUS_EVENT,
  lyftApiError,
  lyftCancellationCostError,
  lyftCostResponse,
  lyftEtaResponse,
  lyftRideCreated,
  lyftRideDetail,
  lyftRideHistory,
  lyftWebhook,
} from './wire';

export interface LyftRideAdapterOptions {
  sourceId: string;
  /** API root without /v1, e.g. https://api.lyft.com */
  baseUrl: string;
  /** Default `${baseUrl}/oauth/token`. */
  tokenUrl?: string;
  fetch: FetchFn;
  clock: Clock;
  credentials: { clientId: string; clientSecret: string };
  webhookSecret: string;
  timeoutMs: number;
  rateLimit?: RateLimit;
  /** How ride calls are authorized (default client credentials; see ./lyft-tokens.ts). */
  auth?: LyftAuth;
  /** client_credentials scope for ride calls in the client-credentials mode (default `public rides.read rides.request`). */
  scope?: string;
  /** How far back `findByExternalReference` looks (default 24 h). */
  lookupWindowMs?: number;
  /** Pages of ride history (50 rides each) `findByExternalReference` reads at most (default 4). */
  lookupPages?: number;
  sleep?: UpstreamDeps['sleep'];
  onAttempt?: UpstreamDeps['onAttempt'];
}

const SIGNATURE_HEADER = 'x-lyft-signature';
/** Lyft's maximum `limit` for GET /v1/rides. */
const HISTORY_PAGE = 50;

export function createLyftRideAdapter(options: LyftRideAdapterOptions): RidePort {
  const { sourceId, clock } = options;
  // An empty HMAC key cannot be imported, and would make every webhook check fail: refuse it up front.
  if (!options.webhookSecret) throw new Error(`${sourceId}: webhookSecret is required`);
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const nowIso = () => new Date(clock.now()).toISOString();
  const deps: UpstreamDeps = { fetch: options.fetch, sleep: options.sleep, onAttempt: options.onAttempt };

  const tokens = createLyftTokens({
    endpoint: { sourceId, url: options.tokenUrl ?? `${baseUrl}/oauth/token`, credentials: options.credentials, timeoutMs: options.timeoutMs, deps },
    auth: options.auth ?? { type: 'client-credentials' },
    rideScope: options.scope ?? `public ${LYFT_RIDE_SCOPES.join(' ')}`,
    clock,
  });
  // One client-side budget for the account, whichever token a call carries.
  const limiter = options.rateLimit ? createTokenBucket(options.rateLimit, clock) : null;
  const clientWith = (tokenCache: typeof tokens.rides) =>
    createVendorClient({ sourceId, baseUrl, fetch: options.fetch, timeoutMs: options.timeoutMs, tokens: tokenCache, limiter, sleep: options.sleep, onAttempt: options.onAttempt });
  const estimates = clientWith(tokens.estimates);
  const rides = clientWith(tokens.rides);

  /** A ride call: Lyft's 403 `insufficient_scope` means the source's token cannot do rides (a setup problem). */
  const client = {
    readJson: <S extends z.ZodType>(response: Response, schema: S) => rides.readJson(response, schema),
    async call(request: VendorCall): Promise<Response> {
      const response = await rides.call({ ...request, passStatuses: [403, ...(request.passStatuses ?? [])] });
      if (response.status !== 403) return response;
      const parsed = lyftApiError.safeParse(await readErrorBody(response));
      if (parsed.success && parsed.data.error === 'insufficient_scope') {
        const needed = /scope="([^"]+)"/.exec(response.headers.get('www-authenticate') ?? '')?.[1];
        throw rideScopesNotGranted(sourceId, needed ? needed.split(' ') : [...LYFT_RIDE_SCOPES], null);
      }
      throw upstreamError(403, sourceId, null);
    },
  };

  /** Maps a Lyft 4xx we chose to read; the slug is safe to pass on, the description is not. */
  const vendorError = async (response: Response): Promise<GatewayError> => {
    const parsed = lyftApiError.safeParse(await readErrorBody(response));
    const vendorCode = parsed.success ? parsed.data.error : 'unknown';
    const details = { sourceId, upstreamStatus: response.status, vendorError: vendorCode };
    if (vendorCode === 'primetime_confirmation_required' || vendorCode === 'invalid_primetime_confirmation') {
      return new GatewayError('CONFLICT', 'The quoted price is no longer valid; get a new estimate', { details });
    }
    if (vendorCode === 'no_drivers_available') {
      return new GatewayError('UPSTREAM_REJECTED', 'No drivers are available right now', { retryable: true, details });
    }
    if (response.status === 409) return new GatewayError('CONFLICT', 'The ride cannot do that in its current state', { details });
    return new GatewayError('BAD_INPUT', 'The ride source rejected the request', { details });
  };

  const webhookKey = importHmacKey(options.webhookSecret);

  const get = async (vendorRideId: string): Promise<Ride> => {
    const response = await client.call({ method: 'GET', path: `/v1/rides/${encodeURIComponent(vendorRideId)}`, idempotent: true });
    return toRide(sourceId, await client.readJson(response, lyftRideDetail), nowIso());
  };

  return {
    sourceId,

    async estimate(rawInput) {
      const input = parseInput(rideEstimateInput, rawInput, sourceId);
      const common = { ride_type: input.productId };
      const costCall = estimates.call({
        method: 'GET',
        path: '/v1/cost',
        query: { ...common, start_lat: input.pickup.lat, start_lng: input.pickup.lng, end_lat: input.dropoff.lat, end_lng: input.dropoff.lng },
        idempotent: true,
        passStatuses: [400],
      });
      const etaCall = estimates.call({
        method: 'GET',
        path: '/v1/eta',
        query: { ...common, lat: input.pickup.lat, lng: input.pickup.lng, destination_lat: input.dropoff.lat, destination_lng: input.dropoff.lng },
        idempotent: true,
        passStatuses: [400],
      });
      const [costResponse, etaResult] = await Promise.all([costCall, etaCall.then((r) => ({ ok: true as const, r }), (e: unknown) => ({ ok: false as const, e }))]);
      if (costResponse.status === 400) {
        if (etaResult.ok) await etaResult.r.body?.cancel();
        throw await vendorError(costResponse);
      }
      const costs = await estimates.readJson(costResponse, lyftCostResponse);
      // ETAs are a nicety: prices without them beat no answer at all.
      const etas = etaResult.ok && etaResult.r.ok ? await estimates.readJson(etaResult.r, lyftEtaResponse).catch(() => null) : null;
      if (etaResult.ok && !etaResult.r.ok) await etaResult.r.body?.cancel();
      return toRideEstimates(sourceId, costs.cost_estimates, etas?.eta_estimates ?? []);
    },

    async book(rawRequest, { externalReference }) {
      const request = parseInput(rideRequest, rawRequest, sourceId);
      const reference = parseInput(bookingReference, externalReference, sourceId);
      if (request.schedule.kind === 'flexible') {
        throw new GatewayError('BAD_INPUT', 'This ride source does not offer flexible (rider-called) rides', {
          details: { sourceId, reason: 'FLEXIBLE_NOT_SUPPORTED' },
        });
      }
      const response = await client.call({
        method: 'POST',
        path: '/v1/rides',
        json: toLyftBookingBody(request, reference),
        idempotent: false,
        passStatuses: [400, 409],
      });
      if (response.status === 400 || response.status === 409) throw await vendorError(response);
      const created = await client.readJson(response, lyftRideCreated);
      return toBookedRide(sourceId, created, request, nowIso());
    },

    get,

    async findByExternalReference(reference) {
      // Lyft's ride list filters by time only (start_time, end_time, limit <= 50) and has no
      // cursor: each next page ends where the previous one's oldest ride was requested.
      const startTime = new Date(clock.now() - (options.lookupWindowMs ?? 24 * 3600_000)).toISOString();
      const seen = new Set<string>();
      let endTime: string | undefined;
      for (let page = 0; page < (options.lookupPages ?? 4); page++) {
        const response = await client.call({
          method: 'GET',
          path: '/v1/rides',
          query: { start_time: startTime, end_time: endTime, limit: HISTORY_PAGE },
          idempotent: true,
        });
        const rides = (await client.readJson(response, lyftRideHistory)).ride_history;
        const match = rides.find((ride) => ride.internal_memo === reference);
        if (match) return toRide(sourceId, match, nowIso());
        const fresh = rides.filter((ride) => !seen.has(ride.ride_id));
        for (const ride of fresh) seen.add(ride.ride_id);
        const oldest = Math.min(...rides.map((ride) => Date.parse(ride.requested_at ?? '')).filter((ms) => !Number.isNaN(ms)));
        // A short page is the last; a page of rides already seen (all requested in one instant) cannot be paged past.
        if (rides.length < HISTORY_PAGE || fresh.length === 0 || !Number.isFinite(oldest)) return null;
        endTime = new Date(oldest).toISOString();
      }
      return null;
    },

    async cancel(vendorRideId, cancelOptions = {}) {
      const response = await client.call({
        method: 'POST',
        path: `/v1/rides/${encodeURIComponent(vendorRideId)}/cancel`,
        json: cancelOptions.confirmationToken ? { cancel_confirmation_token: cancelOptions.confirmationToken } : {},
        idempotent: false,
        passStatuses: [400, 409],
      });
      if (response.ok) {
        await response.body?.cancel();
        return get(vendorRideId);
      }
      if (response.status === 400) {
        const body = await readErrorBody(response);
        const fee = lyftCancellationCostError.safeParse(body);
        if (fee.success && fee.data.error === 'cancel_confirmation_required') {
          return {
            feeConfirmationRequired: {
              fee: { amountMinor: fee.data.amount, currency: fee.data.currency.toUpperCase() },
              token: fee.data.token,
              expiresAt: new Date(clock.now() + fee.data.token_duration * 1000).toISOString(),
            },
          };
        }
        const code = lyftApiError.safeParse(body);
        const details = { sourceId, upstreamStatus: 400, vendorError: code.success ? code.data.error : 'unknown' };
        if (code.success && code.data.error === 'invalid_cancel_confirmation') {
          throw new GatewayError('CONFLICT', 'The fee confirmation is invalid or expired; cancel again for a new one', { details });
        }
        throw new GatewayError('BAD_INPUT', 'The ride source rejected the cancellation', { details });
      }
      throw await vendorError(response);
    },

    async verifyWebhook(rawBody, headers) {
      try {
        const match = /^sha256=(\S+)$/.exec(headers.get(SIGNATURE_HEADER)?.trim() ?? '');
        const signature = match?.[1] ? decodeBase64(match[1]) : null;
        if (!signature) return false;
        return await verifyHmacSha256(await webhookKey, signature, rawBody);
      } catch {
        return false;
      }
    },

    parseWebhook(rawBody) {
      const envelope = parseWebhookJson(lyftWebhook, rawBody, sourceId);
      if (envelope.event_type !== LYFT_STATUS_EVENT) return null;
      const ride = lyftRideDetail.safeParse(envelope.event);
      if (!ride.success) throw new GatewayError('BAD_INPUT', 'Webhook event is not a Lyft ride', { details: { sourceId } });
      const occurred = Date.parse(envelope.occurred_at);
      return {
        eventId: envelope.event_id,
        vendorRideId: ride.data.ride_id,
        rawStatus: ride.data.status,
        status: mapLyftStatus(ride.data.status),
        statusReason: mapLyftCanceledBy(ride.data.status, ride.data.canceled_by),
        occurredAt: Number.isNaN(occurred) ? nowIso() : new Date(occurred).toISOString(),
      };
    },

    async setupWarning() {
      // The ride token is cached, so this asks Lyft at most once per token lifetime.
      try {
        await tokens.rides.get();
        return null;
      } catch (error) {
        return error instanceof GatewayError && error.code === 'UPSTREAM_REJECTED' ? error.message : null;
      }
    },

    async ping() {
      try {
        const response = await client.call({
          method: 'GET',
          path: '/v1/rides',
          query: { start_time: new Date(clock.now() - 60_000).toISOString(), limit: 1 },
          idempotent: false,
          unmetered: true,
        });
        await response.body?.cancel();
        return true;
      } catch {
        return false;
      }
    },
  };
}
