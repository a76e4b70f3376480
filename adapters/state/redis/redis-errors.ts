import { GatewayError } from '../../../src/domain/errors';

/**
 * A copy of a Redis error with its name and message only. ioredis attaches the failed
 * command with its arguments (`error.command.args`: the key and the value, which may hold
 * PHI) to reply errors, and loggers happily serialise every own property.
 */
export const sanitizeRedisError = (error: unknown): Error => {
  if (!(error instanceof Error)) return new Error('Redis command failed');
  const copy = new Error(error.message);
  copy.name = error.name;
  return copy;
};

export const storeUnavailable = (error: unknown): GatewayError =>
  new GatewayError('UPSTREAM_UNAVAILABLE', 'The shared state store is unavailable', {
    details: { component: 'store' },
    cause: sanitizeRedisError(error),
  });

export const storeRecordUnusable = (error: unknown): GatewayError =>
  new GatewayError('INTERNAL', 'A shared state record could not be encoded or decoded', {
    details: { component: 'store' },
    cause: sanitizeRedisError(error),
  });
