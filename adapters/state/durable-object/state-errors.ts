import { GatewayError } from '../../../src/domain/errors';

/**
 * The platform's message only. Durable Object RPC errors carry no arguments today, but the
 * arguments are keys and values (possibly PHI), so nothing else is passed on.
 */
export const sanitizeObjectError = (error: unknown): Error => {
  const copy = new Error(error instanceof Error ? error.message : 'Durable Object call failed');
  copy.name = error instanceof Error ? error.name : 'Error';
  return copy;
};

/** Same shape as the Redis store's outage error, so callers handle one code whatever the runtime. */
export const storeUnavailable = (error: unknown): GatewayError =>
  new GatewayError('UPSTREAM_UNAVAILABLE', 'The shared state store is unavailable', {
    details: { component: 'store' },
    cause: sanitizeObjectError(error),
  });

export const storeRecordUnusable = (error: unknown): GatewayError =>
  new GatewayError('INTERNAL', 'A shared state record could not be encoded or decoded', {
    details: { component: 'store' },
    cause: sanitizeObjectError(error),
  });
