import { newSpanId, TRACEPARENT_HEADER, upstreamTraceHeaders } from '../pipeline/trace-context';
import type { TraceScope } from '../pipeline/trace-scope';
import type { FetchFn } from '../ports/fetch';

/**
 * A fetch that sends the current request's trace on: `traceparent` with a fresh span id per
 * call (each retry is its own call), and the caller's `tracestate`. An adapter that set its own
 * `traceparent` keeps it.
 */
export function tracedFetch(fetch: FetchFn, scope: TraceScope): FetchFn {
  return (input, init) => {
    const trace = scope.current();
    if (!trace) return fetch(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (headers.has(TRACEPARENT_HEADER)) return fetch(input, init);
    for (const [name, value] of Object.entries(upstreamTraceHeaders(trace, newSpanId()))) headers.set(name, value);
    return fetch(input, { ...init, headers });
  };
}
