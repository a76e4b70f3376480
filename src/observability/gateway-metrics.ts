import { MetricsRegistry } from './metrics-registry';

/** Breaker states as the metrics and /readyz name them. */
export type CircuitStateName = 'closed' | 'open' | 'half-open' | 'isolated';
export const circuitStateNames: readonly CircuitStateName[] = ['closed', 'open', 'half-open', 'isolated'];

/** How one upstream attempt ended, as a label value. */
export type UpstreamOutcome = '2xx' | '3xx' | '4xx' | '429' | '5xx' | 'timeout' | 'network' | 'circuit_open' | 'bulkhead_full';

export type RequestOutcome = 'ok' | 'error' | 'unauthenticated' | 'rate_limited' | 'rejected';

export type CacheEventName = 'hit' | 'miss' | 'stale' | 'swr' | 'negative-hit' | 'coalesced' | 'invalid';

/**
 * The gateway's metrics, named once. Label values are ids and codes from config or from a
 * fixed list, never request data (PHI), and operation names are capped (see `operationLabel`).
 */
export interface GatewayMetrics {
  readonly registry: MetricsRegistry;
  request(event: { partnerId: string; operation: string; outcome: RequestOutcome; durationSeconds: number; errorCodes?: readonly string[] }): void;
  upstreamCall(event: { sourceId: string; outcome: UpstreamOutcome; durationSeconds: number }): void;
  cacheEvent(cache: string, event: CacheEventName): void;
  /** A Store record that did not match its schema (StateRecordInvalid), by the key's namespace. */
  storeRecordInvalid(namespace: string): void;
  /** A breaker exists (state closed), so dashboards see every source from the start; not counted as a transition. */
  circuitCreated(sourceId: string): void;
  circuitChanged(sourceId: string, state: CircuitStateName): void;
  /** One transportation benefit check of a ride booking, by the partner's mode and the verdict. */
  rideBenefitCheck(mode: string, status: string): void;
  /** For the per-partner rate limiter: one rejected request. */
  rateLimited(partnerId: string): void;
  /** Read at scrape time: 1 while the shared state backend (Redis) answers. */
  stateBackendUp(read: () => boolean): void;
}

const OPERATION = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
const MAX_OPERATIONS = 200;

export function createGatewayMetrics(registry = new MetricsRegistry()): GatewayMetrics {
  const requests = registry.counter('caregate_graphql_requests_total', 'GraphQL requests by partner, operation and outcome.', ['partner', 'operation', 'outcome']);
  const requestSeconds = registry.histogram('caregate_graphql_request_duration_seconds', 'GraphQL request latency, from arrival to response.', ['partner', 'operation']);
  const errors = registry.counter('caregate_graphql_errors_total', 'GraphQL errors returned, by stable error code.', ['code']);
  const upstreamCalls = registry.counter('caregate_upstream_requests_total', 'Upstream HTTP attempts by source and outcome (status class or failure kind).', ['source', 'outcome']);
  const upstreamErrors = registry.counter('caregate_upstream_errors_total', 'Failed upstream attempts (5xx, 429, timeout, network, circuit open, bulkhead full) by source.', ['source', 'kind']);
  const upstreamSeconds = registry.histogram('caregate_upstream_request_duration_seconds', 'Upstream attempt latency to response headers, by source.', ['source']);
  const cacheEvents = registry.counter('caregate_cache_events_total', 'Cache lookups by cache and result (hit, miss, stale, swr, negative-hit, coalesced, invalid).', ['cache', 'event']);
  const invalidRecords = registry.counter('caregate_store_records_invalid_total', 'Store records that did not match their schema (written by another deploy, or damaged), by key namespace.', ['namespace']);
  const circuitState = registry.gauge('caregate_circuit_state', 'Circuit breaker state per source: 1 for the current state, 0 for the others.', ['source', 'state']);
  const circuitTransitions = registry.counter('caregate_circuit_transitions_total', 'Circuit breaker state changes per source.', ['source', 'state']);
  const rideBenefitChecks = registry.counter('caregate_ride_benefit_checks_total', 'Transportation benefit checks of ride bookings, by mode (advisory, required) and status.', ['mode', 'status']);
  const rateLimited = registry.counter('caregate_rate_limited_total', 'Requests refused by the per-partner rate limit.', ['partner']);
  const stateUp = registry.gauge('caregate_state_backend_up', '1 while the shared state backend (Redis) answers, 0 while the gateway runs degraded without it.');

  const operations = new Set<string>();
  /** Partner-chosen names are unbounded: keep the first MAX_OPERATIONS valid ones, fold the rest. */
  const operationLabel = (name: string): string => {
    if (name === 'anonymous' || name === 'none') return name;
    if (!OPERATION.test(name)) return 'invalid';
    if (operations.has(name)) return name;
    if (operations.size >= MAX_OPERATIONS) return 'other';
    operations.add(name);
    return name;
  };

  const setCircuit = (sourceId: string, state: CircuitStateName) => {
    for (const name of circuitStateNames) circuitState.set({ source: sourceId, state: name }, name === state ? 1 : 0);
  };

  return {
    registry,
    request({ partnerId, operation, outcome, durationSeconds, errorCodes = [] }) {
      const op = operationLabel(operation);
      requests.inc({ partner: partnerId, operation: op, outcome });
      requestSeconds.observe({ partner: partnerId, operation: op }, durationSeconds);
      for (const code of errorCodes) errors.inc({ code });
    },
    upstreamCall({ sourceId, outcome, durationSeconds }) {
      upstreamCalls.inc({ source: sourceId, outcome });
      if (outcome !== 'circuit_open' && outcome !== 'bulkhead_full') upstreamSeconds.observe({ source: sourceId }, durationSeconds);
      if (outcome === '5xx' || outcome === '429' || outcome === 'timeout' || outcome === 'network' || outcome === 'circuit_open' || outcome === 'bulkhead_full') {
        upstreamErrors.inc({ source: sourceId, kind: outcome });
      }
    },
    cacheEvent: (cache, event) => cacheEvents.inc({ cache, event }),
    storeRecordInvalid: (namespace) => invalidRecords.inc({ namespace }),
    circuitCreated: (sourceId) => setCircuit(sourceId, 'closed'),
    circuitChanged(sourceId, state) {
      setCircuit(sourceId, state);
      circuitTransitions.inc({ source: sourceId, state });
    },
    rideBenefitCheck: (mode, status) => rideBenefitChecks.inc({ mode, status }),
    rateLimited: (partnerId) => rateLimited.inc({ partner: partnerId }),
    stateBackendUp(read) {
      registry.onCollect(() => stateUp.set({}, read() ? 1 : 0));
    },
  };
}
