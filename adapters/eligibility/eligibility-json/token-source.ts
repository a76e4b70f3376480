import { GatewayError } from '../../../src/domain/errors';
import type { Clock } from '../../../src/ports/clock';
import type { FetchFn } from '../../../src/ports/fetch';
import { createTokenCache, type IssuedToken, type TokenCache } from '../../shared/oauth/token-cache';
import { readUpstreamJson, upstreamRequest } from '../../shared/upstream-request';
import { wireTokenResponse } from './wire';

/**
 * OAuth 2.0 client-credentials access token for the clearinghouse (form-encoded client id and
 * secret), cached by the shared token cache: one token request, not one per check.
 */
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

export function createClientCredentialsTokenSource(options: ClientCredentialsOptions): TokenCache {
  return createTokenCache(() => requestToken(options), options.clock);
}

async function requestToken(options: ClientCredentialsOptions): Promise<IssuedToken> {
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
  return { accessToken: body.access_token, expiresInSeconds: body.expires_in ?? defaultLifetimeSeconds };
}
