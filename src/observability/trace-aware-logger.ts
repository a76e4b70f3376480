import type { LogFields, Logger } from '../ports/logger';
import type { TraceScope } from '../pipeline/trace-scope';

/**
 * A logger whose every line carries the current request's `traceId` (when there is one), so
 * lines written by shared parts (per-source fetches, circuit breakers, token routes) can be
 * joined with the partner's trace, not only the ones made by a request's child logger.
 */
export function traceAwareLogger(inner: Logger, scope: TraceScope): Logger {
  const withTrace = (fields: LogFields | undefined): LogFields | undefined => {
    const trace = scope.current();
    return trace ? { traceId: trace.traceId, ...fields } : fields;
  };
  return {
    debug: (message, fields) => inner.debug(message, withTrace(fields)),
    info: (message, fields) => inner.info(message, withTrace(fields)),
    warn: (message, fields) => inner.warn(message, withTrace(fields)),
    error: (message, fields) => inner.error(message, withTrace(fields)),
    child: (fields) => traceAwareLogger(inner.child(fields), scope),
  };
}
