import { GatewayError, isGatewayError } from '../../domain/errors';
import type { RideBenefitCheckMode } from '../../domain/ride-benefit-check';
import type { RidePort } from '../../ports/ride-port';

/** One configured ride source: its port and the booking policy config gives it. */
export interface RideSource {
  port: RidePort;
  arrivalBufferMinutes: number;
  /** The adapter's request timeout: sizes how long a booking may hold its claim. */
  timeoutMs: number;
  reconcileIntervalSeconds: number;
}

export interface RideAuditRecord {
  action: string;
  resourceType: string;
  resourceIds: string[];
  sourceId: string | null;
  outcome?: 'success' | 'failure' | 'denied';
}

/**
 * Who is asking, as the ride services need it: the partner's id, which sources it may reach,
 * and its request's audit trail. Built per request at the GraphQL edge.
 */
export interface RideCaller {
  partnerId: string;
  /** Throws FORBIDDEN unless the partner may reach the source (same answer for unknown ids). */
  reach(sourceId: string): void;
  /** Ride sources this partner may use, in config order (the first is the default). */
  rideSourceIds: readonly string[];
  /** The partner's transportation benefit check on booking (config `rideBenefitCheck`); absent = off. */
  benefitCheck?: RideBenefitCheckMode | undefined;
  audit(record: RideAuditRecord): Promise<void>;
}

/** What a partner may be told about a failure: stable code, safe message, never an upstream body. */
export interface SafeError {
  code: string;
  message: string;
  retryable: boolean;
}

export const safeError = (error: unknown): SafeError =>
  isGatewayError(error)
    ? { code: error.code, message: error.message, retryable: error.retryable }
    : { code: 'INTERNAL', message: 'Internal error', retryable: false };

/**
 * Booking errors after which the vendor may have created the ride anyway: no answer, a broken
 * answer, or a failure mid-way. Refusals (4xx) and our own rate limit mean nothing was booked.
 */
export function bookingOutcomeUnknown(error: unknown): boolean {
  if (!isGatewayError(error)) return true;
  if (error.code === 'UPSTREAM_TIMEOUT' || error.code === 'UPSTREAM_INVALID' || error.code === 'INTERNAL') return true;
  if (error.code !== 'UPSTREAM_UNAVAILABLE') return false;
  const status = error.details?.['upstreamStatus'];
  // 429 and auth refusals are answered before the vendor acts on the request.
  return !(status === 429 || status === 401 || status === 403);
}

export const notARideSource = (sourceId: string) =>
  new GatewayError('BAD_INPUT', 'That source is not a ride source', { details: { field: 'rideSource', sourceId } });
