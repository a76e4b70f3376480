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

const stringOf = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Log fields for a Redis error: name, code (ECONNREFUSED, ETIMEDOUT, ENOTFOUND, or a reply's
 * WRONGPASS / NOAUTH / LOADING ...) and the host and port it concerns, taken from the error
 * (Node's socket errors carry them) or else from `endpoint`. Never the message beyond its first
 * word, and never the URL: neither may carry a password or a command's arguments.
 */
export function redisErrorFields(error: unknown, endpoint?: { host: string; port: number }): { error: string; code: string; host?: string; port?: number } {
  if (!(error instanceof Error)) return { error: 'unknown', code: 'unknown', ...endpoint };
  // ClusterAllFailedError wraps the last node's error, which says what actually failed.
  const { lastNodeError } = error as { lastNodeError?: unknown };
  const cause = lastNodeError instanceof Error ? lastNodeError : error;
  const details = cause as { code?: unknown; address?: unknown; hostname?: unknown; port?: unknown };
  const code = stringOf(details.code) ?? /^([A-Z][A-Z_]{2,})\b/.exec(cause.message)?.[1] ?? 'unknown';
  const host = stringOf(details.address) ?? stringOf(details.hostname) ?? endpoint?.host;
  const port = typeof details.port === 'number' ? details.port : endpoint?.port;
  return { error: error.name, code, ...(host === undefined ? {} : { host }), ...(port === undefined ? {} : { port }) };
}
