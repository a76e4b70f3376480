import { GatewayError } from '../../../src/domain/errors';
import type { Clock } from '../../../src/ports/clock';
import { readUpstreamJson, upstreamRequest } from '../../shared/upstream-request';
import type { FetchFn } from '../../../src/ports/fetch';
import { wireTokenResponse } from './wire';

/**
 * OAuth 2.0 client-credentials access token for the clearinghouse, cached until shortly before
 * it expires and fetched once for concurrent callers (one token request, not one per check).
 */
export interface TokenSource {
  token(): Promise<string>;
  /** Drop the cached token (the API said 401: revoked or rotated). */
  invalidate(): void;
}

export interface ClientCredentialsOptions {
  sourceId: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  fetch: FetchFn;
  clock: Clock;
  timeoutMs: number;
}

/** Used when the server omits expires_in: short, so a wrong guess costs one extra token call. */
const defaultLifetimeSeconds = 300;
const maxRefreshSkewMs = 60_000;

export function createClientCredentialsTokenSource(options: ClientCredentialsOptions): TokenSource {
  let cached: { value: string; refreshAt: number } | null = null;
  let pending: Promise<string> | null = null;

  async function fetchToken(): Promise<string> {
    const response = await upstreamRequest(
      { fetch: options.fetch },
      {
        sourceId: options.sourceId,
        url: options.tokenUrl,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: options.clientId, client_secret: options.clientSecret }).toString(),
        timeoutMs: options.timeoutMs,
        // Asking for a token changes nothing upstream, so a retry is safe.
        idempotent: true,
        maxRetries: 1,
        passStatuses: [400, 401, 403],
      },
    );
    if (!response.ok) {
      await response.body?.cancel();
      throw new GatewayError('UPSTREAM_UNAVAILABLE', 'Clearinghouse refused the gateway credentials', {
        retryable: false,
        details: { sourceId: options.sourceId, upstreamStatus: response.status },
      });
    }
    const body = await readUpstreamJson(response, wireTokenResponse, options.sourceId);
    const lifetimeMs = (body.expires_in ?? defaultLifetimeSeconds) * 1000;
    // Refresh a little early so a token never expires in flight; a tenth of a short lifetime.
    const skewMs = Math.min(maxRefreshSkewMs, lifetimeMs / 10);
    cached = { value: body.access_token, refreshAt: options.clock.now() + lifetimeMs - skewMs };
    return body.access_token;
  }

  return {
    async token() {
      if (cached && options.clock.now() < cached.refreshAt) return cached.value;
      pending ??= fetchToken().finally(() => {
        pending = null;
      });
      return pending;
    },
    invalidate() {
      cached = null;
    },
  };
}
