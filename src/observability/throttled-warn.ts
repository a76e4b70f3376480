import type { LogFields, Logger } from '../ports/logger';

/**
 * One warning per `everyMs` at most, with how many were held back since the last one: an outage
 * (Redis down, reconnecting every 2 s on several connections) must not flood the log.
 */
export function throttledWarn(logger: Logger, message: string, options: { everyMs?: number; now?: () => number } = {}): (fields: LogFields) => void {
  const everyMs = options.everyMs ?? 10_000;
  const now = options.now ?? Date.now;
  let last: number | undefined;
  let suppressed = 0;
  return (fields) => {
    const at = now();
    if (last !== undefined && at - last < everyMs) {
      suppressed++;
      return;
    }
    logger.warn(message, { ...fields, suppressed });
    last = at;
    suppressed = 0;
  };
}
