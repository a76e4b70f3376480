import { createResilientFetch, type CircuitStateName, type ResilientFetch } from '../../adapters/shared/resilient-fetch';
import type { FetchFn } from '../ports/fetch';
import { defaultResilience, type GatewayConfig } from '../../config/schema';
import type { GatewayMetrics } from '../observability/gateway-metrics';
import type { Logger } from '../ports/logger';
import type { TraceScope } from '../pipeline/trace-scope';
import { tracedFetch } from './traced-fetch';

export interface SourceFetches {
  /** The fetch an adapter of this source gets: circuit breaker, bulkhead, metrics and a log line per attempt. */
  fetchFor: (sourceId: string) => FetchFn;
  /** Breaker state per source, for /readyz. */
  circuitStates: () => Record<string, CircuitStateName>;
}

/**
 * One resilient fetch per configured source, created here in the composition root so every
 * adapter (EHR, eligibility, rides, their token endpoints) gets the same protection without
 * knowing about it. Log lines carry source, method, status and duration, never the URL (its
 * query string can hold PHI). With a trace scope (Node), every call carries the request's
 * `traceparent` (see traced-fetch.ts) and the logger adds its `traceId`.
 */
export function buildSourceFetches(config: GatewayConfig, deps: { fetch: FetchFn; logger: Logger; metrics: GatewayMetrics; traceScope?: TraceScope }): SourceFetches {
  const { logger, metrics } = deps;
  const fetch = deps.traceScope ? tracedFetch(deps.fetch, deps.traceScope) : deps.fetch;
  const bySource = new Map<string, ResilientFetch>();
  for (const source of config.sources) {
    metrics.circuitCreated(source.id);
    bySource.set(
      source.id,
      createResilientFetch({
        fetch,
        sourceId: source.id,
        options: source.resilience ?? defaultResilience,
        onCall: (event) => {
          metrics.upstreamCall({ sourceId: event.sourceId, outcome: event.outcome, durationSeconds: event.durationMs / 1000 });
          const fields = { sourceId: event.sourceId, method: event.method, status: event.status, durationMs: event.durationMs, outcome: event.outcome };
          if (event.outcome === '2xx' || event.outcome === '3xx' || event.outcome === '4xx') logger.info('upstream call', fields);
          else logger.warn('upstream call failed', fields);
        },
        onStateChange: (state) => {
          metrics.circuitChanged(source.id, state);
          if (state === 'closed') logger.info('circuit breaker closed', { sourceId: source.id, state });
          else logger.warn('circuit breaker state changed', { sourceId: source.id, state });
        },
      }),
    );
  }
  return {
    fetchFor: (sourceId) => bySource.get(sourceId)?.fetch ?? fetch,
    circuitStates: () => Object.fromEntries([...bySource].map(([sourceId, resilient]) => [sourceId, resilient.state])),
  };
}
