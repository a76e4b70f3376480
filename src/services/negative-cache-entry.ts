import { z } from 'zod';
import { errorCodes, GatewayError, type ErrorCode } from '../domain/errors';

const isErrorCode = (value: unknown): value is ErrorCode => typeof value === 'string' && Object.hasOwn(errorCodes, value);

/** ErrorDetails as JSON gives them back (src/domain/errors.ts). */
const errorDetails = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.unknown()).readonly(), z.record(z.string(), z.unknown())]),
);

/**
 * A remembered definitive "no" (member not found, record absent upstream), cached in place of
 * a value so a retry storm does not reach the upstream. The marker field keeps it apart from
 * any value the cache holds.
 */
export const negativeCacheEntry = z.object({
  __negative: z.literal(true),
  code: z.custom<ErrorCode>(isErrorCode),
  message: z.string(),
  retryable: z.boolean(),
  details: errorDetails.nullable(),
});
export type NegativeCacheEntry = z.infer<typeof negativeCacheEntry>;

export const notFoundEntry: NegativeCacheEntry = { __negative: true, code: 'NOT_FOUND', message: 'Not found upstream', retryable: false, details: null };

export const negativeEntryOf = (error: GatewayError): NegativeCacheEntry => ({
  __negative: true,
  code: error.code,
  message: error.message,
  retryable: error.retryable,
  details: error.details ?? null,
});

export const errorOf = (entry: NegativeCacheEntry): GatewayError =>
  new GatewayError(entry.code, entry.message, { retryable: entry.retryable, ...(entry.details ? { details: entry.details } : {}) });
