import type { z } from 'zod';
import { GatewayError, isGatewayError } from '../../src/domain/errors';
import type { FetchFn } from '../../src/ports/fetch';

/**
 * The one request helper every adapter uses: timeout, bounded retries for idempotent
 * calls (honouring Retry-After), and the mapping of transport/HTTP failures to
 * GatewayErrors. Upstream bodies never go into error messages: they can hold PHI.
 */

export interface UpstreamRequest {
  sourceId: string;
  url: string | URL;
  method?: string;
  headers?: Record<string, string>;
  body?: BodyInit;
  timeoutMs: number;
  /** Only idempotent calls are retried (GET, or a POST the protocol says is safe to repeat). */
  idempotent?: boolean;
  /** Extra attempts after the first, for idempotent calls (default 2). */
  maxRetries?: number;
  /** Longest Retry-After we wait for inside one partner request (default 2 s). */
  maxRetryAfterMs?: number;
  /** Statuses handed back to the caller instead of thrown (e.g. 400/404 the adapter interprets). */
  passStatuses?: readonly number[];
}

export interface UpstreamDeps {
  fetch: FetchFn;
  /** Injected so tests need not wait; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Called once per attempt, for metrics and logs (no URLs: they may hold PHI in query strings). */
  onAttempt?: (event: { sourceId: string; status: number | null; durationMs: number; error: string | null }) => void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After as ms: delta-seconds or an HTTP date; null when absent or unreadable. */
export const parseRetryAfter = (value: string | null, now = Date.now()): number | null => {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
};

const backoffMs = (attempt: number): number => {
  const base = 100 * 2 ** attempt;
  return base / 2 + Math.random() * (base / 2); // jitter so retries from many requests spread out
};

const isRetryableStatus = (status: number) => status === 429 || status === 502 || status === 503 || status === 504;

export const upstreamError = (status: number, sourceId: string, retryAfterMs: number | null): GatewayError => {
  const details = { sourceId, upstreamStatus: status, ...(retryAfterMs === null ? {} : { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) }) };
  if (status === 429) return new GatewayError('UPSTREAM_UNAVAILABLE', 'Upstream is rate limiting the gateway', { retryable: true, details });
  if (status === 504) return new GatewayError('UPSTREAM_TIMEOUT', 'Upstream timed out', { details });
  if (status >= 500) return new GatewayError('UPSTREAM_UNAVAILABLE', 'Upstream failed', { details });
  if (status === 401 || status === 403) return new GatewayError('UPSTREAM_UNAVAILABLE', 'Upstream refused the gateway credentials', { retryable: false, details });
  if (status === 404) return new GatewayError('NOT_FOUND', 'Not found upstream', { details });
  return new GatewayError('UPSTREAM_REJECTED', 'Upstream rejected the request', { retryable: false, details });
};

export async function upstreamRequest(deps: UpstreamDeps, request: UpstreamRequest): Promise<Response> {
  const sleep = deps.sleep ?? defaultSleep;
  const maxRetries = request.idempotent ? (request.maxRetries ?? 2) : 0;
  const maxRetryAfterMs = request.maxRetryAfterMs ?? 2000;
  // One deadline for the call, retries included: the partner waits at most timeoutMs for this
  // source (CAQH CORE's 20 s is for the whole answer), and a stale answer can be served in time.
  const deadline = Date.now() + request.timeoutMs;
  const fitsBudget = (waitMs: number) => Date.now() + waitMs < deadline;
  for (let attempt = 0; ; attempt++) {
    const started = Date.now();
    let response: Response;
    try {
      response = await deps.fetch(request.url, {
        method: request.method ?? 'GET',
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(Math.max(1, deadline - started)),
      });
    } catch (error) {
      // A refusal by the source's circuit breaker or bulkhead (see resilient-fetch.ts) is already
      // typed, and retrying it at once would only be refused again.
      if (isGatewayError(error)) throw error;
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      deps.onAttempt?.({ sourceId: request.sourceId, status: null, durationMs: Date.now() - started, error: timedOut ? 'timeout' : 'network' });
      const wait = backoffMs(attempt);
      if (attempt < maxRetries && !timedOut && fitsBudget(wait)) {
        await sleep(wait);
        continue;
      }
      throw timedOut
        ? new GatewayError('UPSTREAM_TIMEOUT', 'Upstream did not answer in time', { details: { sourceId: request.sourceId }, cause: error })
        : new GatewayError('UPSTREAM_UNAVAILABLE', 'Upstream unreachable', { details: { sourceId: request.sourceId }, cause: error });
    }
    deps.onAttempt?.({ sourceId: request.sourceId, status: response.status, durationMs: Date.now() - started, error: null });
    if (response.ok || request.passStatuses?.includes(response.status)) return response;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    const wait = retryAfterMs ?? backoffMs(attempt);
    if (attempt < maxRetries && isRetryableStatus(response.status) && (retryAfterMs ?? 0) <= maxRetryAfterMs && fitsBudget(wait)) {
      await response.body?.cancel();
      await sleep(wait);
      continue;
    }
    await response.body?.cancel();
    throw upstreamError(response.status, request.sourceId, retryAfterMs);
  }
}

/** Reads a JSON body and validates it; anything unexpected is UPSTREAM_INVALID (body not echoed). */
export async function readUpstreamJson<S extends z.ZodType>(response: Response, schema: S, sourceId: string): Promise<z.infer<S>> {
  let data: unknown;
  try {
    data = await response.json();
  } catch (error) {
    throw new GatewayError('UPSTREAM_INVALID', 'Upstream answered with unreadable JSON', { details: { sourceId }, cause: error });
  }
  return parseUpstream(schema, data, sourceId);
}

export function parseUpstream<S extends z.ZodType>(schema: S, data: unknown, sourceId: string): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    // Issue paths are structural (field names), never values, so they are safe to log.
    const paths = parsed.error.issues.slice(0, 5).map((issue) => issue.path.join('.') || '(root)');
    throw new GatewayError('UPSTREAM_INVALID', 'Upstream answered in an unexpected shape', { details: { sourceId, paths }, cause: parsed.error });
  }
  return parsed.data;
}
