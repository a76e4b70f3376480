import type { z } from 'zod';
import { upstreamError, upstreamRequest, readUpstreamJson, type UpstreamDeps } from '../../shared/upstream-request';
import type { FetchFn } from '../../../src/ports/fetch';
import type { TokenCache } from '../../shared/oauth/token-cache';
import type { TokenBucket } from '../../shared/token-bucket';
import { GatewayError } from '../../../src/domain/errors';

/**
 * The HTTP edge both ride adapters share: client-side rate limit, bearer token (refreshed once
 * on a 401, which means the vendor did not act on the call, so even a booking may be re-sent),
 * JSON bodies, and everything else through `upstreamRequest` (timeouts, retries only when
 * idempotent, HTTP -> GatewayError).
 */
export interface VendorCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  idempotent: boolean;
  /** Statuses the adapter reads itself (vendor error bodies it maps). */
  passStatuses?: readonly number[];
  /** Skip the client-side rate limit (readiness probes). */
  unmetered?: boolean;
}

export interface VendorClientOptions {
  sourceId: string;
  baseUrl: string;
  fetch: FetchFn;
  timeoutMs: number;
  tokens: TokenCache;
  limiter: TokenBucket | null;
  headers?: Record<string, string>;
  sleep?: UpstreamDeps['sleep'];
  onAttempt?: UpstreamDeps['onAttempt'];
}

export interface VendorClient {
  call(request: VendorCall): Promise<Response>;
  readJson<S extends z.ZodType>(response: Response, schema: S): Promise<z.infer<S>>;
  readonly deps: UpstreamDeps;
}

export function buildUrl(baseUrl: string, path: string, query?: Record<string, string | number | undefined>): URL {
  const url = new URL(baseUrl.replace(/\/+$/, '') + path);
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
  return url;
}

export function createVendorClient(options: VendorClientOptions): VendorClient {
  const deps: UpstreamDeps = { fetch: options.fetch, sleep: options.sleep, onAttempt: options.onAttempt };
  const send = (request: VendorCall, token: string) =>
    upstreamRequest(deps, {
      sourceId: options.sourceId,
      url: buildUrl(options.baseUrl, request.path, request.query),
      method: request.method,
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${token}`,
        ...(request.json === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: request.json === undefined ? undefined : JSON.stringify(request.json),
      timeoutMs: options.timeoutMs,
      idempotent: request.idempotent,
      passStatuses: [401, ...(request.passStatuses ?? [])],
    });
  return {
    deps,
    async call(request) {
      if (!request.unmetered && options.limiter) {
        // Client-side budget per vendor, so one busy partner cannot spend the account's whole
        // quota and get every partner throttled by the vendor.
        const decision = options.limiter.take();
        if (!decision.allowed) {
          throw new GatewayError('RATE_LIMITED', 'Too many requests to this ride source; try again shortly', {
            details: { sourceId: options.sourceId, retryAfterSeconds: decision.retryAfterSeconds },
          });
        }
      }
      const token = await options.tokens.get();
      let response = await send(request, token);
      if (response.status !== 401) return response;
      await response.body?.cancel();
      options.tokens.invalidate(token);
      response = await send(request, await options.tokens.get());
      if (response.status !== 401) return response;
      await response.body?.cancel();
      throw upstreamError(401, options.sourceId, null);
    },
    readJson: (response, schema) => readUpstreamJson(response, schema, options.sourceId),
  };
}

/** Reads a vendor error body for its code only; anything unreadable is an empty object. */
export async function readErrorBody(response: Response): Promise<Record<string, unknown>> {
  try {
    const data: unknown = await response.json();
    return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
