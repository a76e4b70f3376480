/**
 * Every request the simulator saw, so tests can assert how many upstream calls the adapter
 * made (one `_id` search for 20 ids, one token request for several calls, ...).
 */
export type SimulatorInteraction = 'read' | 'search' | 'metadata' | 'smart-configuration' | 'token' | 'other';

export interface LoggedRequest {
  method: string;
  /** Path without query string, e.g. `/fhir/R4/Patient`. */
  path: string;
  interaction: SimulatorInteraction;
  resourceType: string | null;
  /** Query parameters, every value of a repeated name kept (`date=ge..&date=le..`). */
  query: Record<string, string[]>;
  authorization: string | null;
  /** W3C trace context the caller sent (https://www.w3.org/TR/trace-context/), as received. */
  traceparent: string | null;
  tracestate: string | null;
  /** HTTP status answered (set when the response is ready). */
  status: number | null;
}

export type RequestFilter = Partial<Pick<LoggedRequest, 'method' | 'path' | 'interaction' | 'resourceType' | 'status'>> | ((entry: LoggedRequest) => boolean);

export interface RequestLog {
  readonly entries: readonly LoggedRequest[];
  count(filter?: RequestFilter): number;
  filter(filter?: RequestFilter): LoggedRequest[];
  clear(): void;
  /** Used by the simulator; tests only read. */
  record(entry: Omit<LoggedRequest, 'status'>): LoggedRequest;
}

const matches = (entry: LoggedRequest, filter: RequestFilter | undefined): boolean => {
  if (filter === undefined) return true;
  if (typeof filter === 'function') return filter(entry);
  return Object.entries(filter).every(([key, value]) => entry[key as keyof LoggedRequest] === value);
};

export function createRequestLog(): RequestLog {
  const entries: LoggedRequest[] = [];
  return {
    entries,
    count: (filter) => entries.filter((entry) => matches(entry, filter)).length,
    filter: (filter) => entries.filter((entry) => matches(entry, filter)),
    clear: () => {
      entries.length = 0;
    },
    record: (entry) => {
      const logged: LoggedRequest = { ...entry, status: null };
      entries.push(logged);
      return logged;
    },
  };
}
