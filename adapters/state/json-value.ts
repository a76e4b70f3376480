import { GatewayError } from '../../src/domain/errors';

export type StateComponent = 'cache' | 'store';

/**
 * Serialises a value the way every state backend stores it. JSON for all of them, the memory
 * ones included, so a value read back behaves the same whichever backend is configured (a
 * copy, Dates as strings, undefined fields dropped) and a non-JSON value fails in tests on
 * the memory backend rather than first in production on Redis.
 */
export const toJson = (value: unknown, component: StateComponent): string => {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw notJson(component, error);
  }
  if (json === undefined) throw notJson(component, undefined);
  return json;
};

const notJson = (component: StateComponent, cause: unknown) =>
  new GatewayError('INTERNAL', `The ${component} holds only JSON-serialisable values`, {
    details: { component },
    cause,
  });

/**
 * Seconds as whole milliseconds, at least 1: Redis PX and lru-cache both take integer ms,
 * and a zero TTL means "forever" to lru-cache, the opposite of what a caller asking for
 * "almost no time" meant.
 */
export const ttlMs = (seconds: number): number => Math.max(1, Math.ceil(seconds * 1000));
