import { z } from 'zod';
import { errorCodes, GatewayError, type ErrorCode } from '../domain/errors';
import type { RecordSchema } from '../ports/state-record';

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

/** What a key may hold: the value, or a remembered "no". */
export type Held<T> = T | NegativeCacheEntry;

export const isNegative = <T>(held: Held<T>): held is NegativeCacheEntry =>
  typeof held === 'object' && held !== null && '__negative' in held && held.__negative === true;

/** The value's schema or a remembered "no"; built once per value schema (building costs more than parsing). */
const heldSchemas = new WeakMap<RecordSchema<unknown>, RecordSchema<unknown>>();
export const heldSchema = <T>(schema: RecordSchema<T>): RecordSchema<Held<T>> => {
  // Keyed by the very schema it was built from, so the entry is RecordSchema<Held<T>> (a type-only
  // widening, no record is cast: what the cache answers is still parsed by it).
  const known = heldSchemas.get(schema) as RecordSchema<Held<T>> | undefined;
  if (known) return known;
  const held = z.union([negativeCacheEntry, schema]);
  heldSchemas.set(schema, held);
  return held;
};
