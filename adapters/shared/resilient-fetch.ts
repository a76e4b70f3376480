import { BrokenCircuitError, BulkheadRejectedError, CircuitState, CountBreaker, bulkhead, circuitBreaker, handleWhen, IsolatedCircuitError } from 'cockatiel';
import { GatewayError, isGatewayError } from '../../src/domain/errors';
import type { FetchFn } from '../../src/ports/fetch';

/**
 * Per-source protection around `fetch`, so every adapter gets it without knowing: a circuit
 * breaker (cockatiel 3: no Node-only parts, runs on Workers) that stops calling an upstream
 * that keeps failing and lets one trial call through after a cooldown, and a bulkhead that caps
 * concurrent calls to one source so a slow upstream cannot take every socket and all memory.
 * The runtime wraps `fetch` once per source and hands that to the adapter factory. Refusals
 * are GatewayErrors (retryable UPSTREAM_UNAVAILABLE), which `upstreamRequest` passes through
 * without retrying, and which the cache policy answers with stale data when it has some.
 */
export interface ResilienceOptions {
  maxConcurrent: number;
  maxQueue: number;
  circuitBreaker: { failureRate: number; windowSize: number; minimumCalls: number; halfOpenAfterMs: number };
}

export type CircuitStateName = 'closed' | 'open' | 'half-open' | 'isolated';

/** One attempt as seen at the source's edge. No URL: query strings can hold PHI. */
export interface UpstreamCallEvent {
  sourceId: string;
  method: string;
  /** HTTP status, or null when no response came (timeout, network error, refused by breaker or bulkhead). */
  status: number | null;
  /** Time to response headers (bodies are read by the adapter afterwards). */
  durationMs: number;
  outcome: '2xx' | '3xx' | '4xx' | '429' | '5xx' | 'timeout' | 'network' | 'circuit_open' | 'bulkhead_full';
}

export interface ResilientFetch {
  fetch: FetchFn;
  readonly state: CircuitStateName;
}

const stateNames: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/** What counts against the upstream: transport failures and timeouts (thrown) and 5xx answers. */
const isUpstreamFault = (response: unknown) => response instanceof Response && response.status >= 500;

const statusOutcome = (status: number): UpstreamCallEvent['outcome'] =>
  status === 429 ? '429' : status >= 500 ? '5xx' : status >= 400 ? '4xx' : status >= 300 ? '3xx' : '2xx';

const isTimeout = (error: unknown) => error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');

/** Rejects as soon as `signal` aborts (with its reason), so a call queued in the bulkhead still honours its timeout. */
const untilAborted = <T>(promise: Promise<T>, signal: AbortSignal | null | undefined): Promise<T> => {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        // The upstream's own rejection, passed through unchanged (a DOMException, a TypeError...).
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        reject(error);
      },
    );
  });
};

export function createResilientFetch(deps: {
  fetch: FetchFn;
  sourceId: string;
  options: ResilienceOptions;
  onCall?: (event: UpstreamCallEvent) => void;
  onStateChange?: (state: CircuitStateName) => void;
}): ResilientFetch {
  const { sourceId, options } = deps;
  const breaker = circuitBreaker(
    // Our own refusals (bulkhead full) say nothing about the upstream's health.
    handleWhen((error) => !(error instanceof BulkheadRejectedError) && !isGatewayError(error)).orWhenResult(isUpstreamFault),
    {
      halfOpenAfter: options.circuitBreaker.halfOpenAfterMs,
      breaker: new CountBreaker({
        threshold: options.circuitBreaker.failureRate,
        size: options.circuitBreaker.windowSize,
        minimumNumberOfCalls: Math.min(options.circuitBreaker.minimumCalls, options.circuitBreaker.windowSize),
      }),
    },
  );
  const slots = bulkhead(options.maxConcurrent, options.maxQueue);
  breaker.onStateChange((state) => deps.onStateChange?.(stateNames[state]));

  const report = (method: string, started: number, status: number | null, outcome: UpstreamCallEvent['outcome']) =>
    deps.onCall?.({ sourceId, method, status, durationMs: Math.round((performance.now() - started) * 10) / 10, outcome });

  const resilientFetch: FetchFn = async (input, init) => {
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const started = performance.now();
    let reported = false;
    // A never-aborted signal made for this call (same meaning as cockatiel's default): its default
    // is one module-level AbortSignal, and on Workers an I/O object made while serving one request
    // throws when another request touches it. Aborts are handled by untilAborted below.
    const unaborted = new AbortController().signal;
    try {
      const response = await breaker.execute(() => {
        const queued = slots.execute(() => {
          // Timed from the moment a slot is ours: queueing time is the bulkhead's, not the upstream's.
          const sent = performance.now();
          reported = true;
          return deps.fetch(input, init).then(
            (answer) => {
              report(method, sent, answer.status, statusOutcome(answer.status));
              return answer;
            },
            (error: unknown) => {
              report(method, sent, null, isTimeout(error) ? 'timeout' : 'network');
              throw error;
            },
          );
        }, unaborted);
        queued.catch(() => undefined); // when the caller gave up on the queue, nobody else listens
        return untilAborted(queued, init?.signal);
      }, unaborted);
      return response;
    } catch (error) {
      if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) {
        report(method, started, null, 'circuit_open');
        throw new GatewayError('UPSTREAM_UNAVAILABLE', 'Upstream paused after repeated failures (circuit open)', {
          retryable: true,
          details: { sourceId, reason: 'circuit-open', retryAfterSeconds: Math.ceil(options.circuitBreaker.halfOpenAfterMs / 1000) },
        });
      }
      if (error instanceof BulkheadRejectedError) {
        report(method, started, null, 'bulkhead_full');
        throw new GatewayError('UPSTREAM_UNAVAILABLE', 'Too many calls to this upstream in flight', {
          retryable: true,
          details: { sourceId, reason: 'bulkhead-full' },
        });
      }
      // Timed out while waiting for a slot: never sent, but the caller sees a timeout all the same.
      if (!reported) report(method, started, null, isTimeout(error) ? 'timeout' : 'network');
      throw error;
    }
  };

  return {
    fetch: resilientFetch,
    get state() {
      return stateNames[breaker.state];
    },
  };
}
