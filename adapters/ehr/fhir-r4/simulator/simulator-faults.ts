/**
 * Misbehaviour tests can switch on, shaped like what real FHIR servers do: rate limiting with
 * Retry-After, 5xx, slow answers, bearer auth, informational OperationOutcome entries in
 * search bundles (Epic does this) and `_include`d entries the client did not ask for.
 * One-shot faults queue up and are served to the next FHIR requests in order.
 */
export type OneShotFault =
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  | { kind: 'http-error'; status: number }
  | { kind: 'invalid-body' };

export interface SimulatorFaults {
  /** The next `times` FHIR responses are 429 with `Retry-After: retryAfterSeconds`. */
  rateLimit(times: number, retryAfterSeconds?: number): void;
  /** The next `times` FHIR responses are `status` (default 503) with an OperationOutcome. */
  httpError(times: number, status?: number): void;
  /** The next `times` FHIR responses are 200 with a body that is not valid FHIR for the request. */
  invalidBody(times: number): void;
  /** Every FHIR response waits this long first (0 turns it off). */
  latency(ms: number): void;
  /** FHIR requests need `Authorization: Bearer <token>` (null: no static token required). */
  requireBearer(token: string | null): void;
  /** Every bearer token is refused with 401, even freshly issued ones (a broken authorization server). */
  refuseAllTokens(enabled: boolean): void;
  /** Search bundles carry an extra OperationOutcome entry (`search.mode = outcome`). */
  informationalOutcome(enabled: boolean): void;
  /** Search bundles carry the resources their matches reference (`search.mode = include`), asked for or not. */
  includeEntries(enabled: boolean): void;
  reset(): void;
  /** Read by the simulator. */
  readonly current: {
    readonly latencyMs: number;
    readonly bearerToken: string | null;
    readonly refuseAllTokens: boolean;
    readonly informationalOutcome: boolean;
    readonly includeEntries: boolean;
  };
  /** Used by the simulator: the next queued one-shot fault, if any. */
  takeOneShot(): OneShotFault | null;
}

export function createSimulatorFaults(): SimulatorFaults {
  const queue: OneShotFault[] = [];
  const initial = { latencyMs: 0, bearerToken: null as string | null, refuseAllTokens: false, informationalOutcome: false, includeEntries: false };
  const current = { ...initial };
  const enqueue = (times: number, fault: OneShotFault) => {
    for (let i = 0; i < times; i++) queue.push(fault);
  };
  return {
    rateLimit: (times, retryAfterSeconds = 1) => enqueue(times, { kind: 'rate-limit', retryAfterSeconds }),
    httpError: (times, status = 503) => enqueue(times, { kind: 'http-error', status }),
    invalidBody: (times) => enqueue(times, { kind: 'invalid-body' }),
    latency: (ms) => {
      current.latencyMs = ms;
    },
    requireBearer: (token) => {
      current.bearerToken = token;
    },
    refuseAllTokens: (enabled) => {
      current.refuseAllTokens = enabled;
    },
    informationalOutcome: (enabled) => {
      current.informationalOutcome = enabled;
    },
    includeEntries: (enabled) => {
      current.includeEntries = enabled;
    },
    reset: () => {
      queue.length = 0;
      Object.assign(current, initial);
    },
    current,
    takeOneShot: () => queue.shift() ?? null,
  };
}
