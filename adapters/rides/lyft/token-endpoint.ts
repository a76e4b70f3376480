import { upstreamError, upstreamRequest, readUpstreamJson, type UpstreamDeps } from '../../shared/upstream-request';
import { readErrorBody } from '../common/vendor-client';
import { LYFT_RIDE_SCOPES, refreshTokenRejected, rideScopesNotGranted } from './ride-scopes';
import { lyftApiError, lyftTokenResponse } from './wire';

/**
 * POST /oauth/token (developer.lyft.com/docs/authentication): JSON body, the app's client id and
 * secret as HTTP Basic, for both grants we use (client_credentials and refresh_token).
 */
export interface LyftTokenEndpoint {
  sourceId: string;
  url: string;
  credentials: { clientId: string; clientSecret: string };
  timeoutMs: number;
  deps: UpstreamDeps;
}

export interface LyftIssuedToken {
  accessToken: string;
  expiresInSeconds: number;
  /** The granted scopes; null when the answer names none (RFC 6749: then as requested). */
  scope: string | undefined;
  /** A new refresh token, when Lyft rotates it. */
  refreshToken: string | undefined;
}

export type LyftGrant = { grant_type: 'client_credentials'; scope: string } | { grant_type: 'refresh_token'; refresh_token: string };

export async function requestLyftToken(endpoint: LyftTokenEndpoint, grant: LyftGrant): Promise<LyftIssuedToken> {
  const { sourceId } = endpoint;
  const basic = btoa(`${endpoint.credentials.clientId}:${endpoint.credentials.clientSecret}`);
  const response = await upstreamRequest(endpoint.deps, {
    sourceId,
    url: endpoint.url,
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(grant),
    timeoutMs: endpoint.timeoutMs,
    // A refresh is safe to repeat only while Lyft keeps the token (a rotating server may already
    // have revoked it when the answer is lost): retried once, and a rejection is reported, not hidden.
    idempotent: true,
    maxRetries: 1,
    passStatuses: [400],
  });
  if (response.status === 400) {
    const parsed = lyftApiError.safeParse(await readErrorBody(response));
    const vendorError = parsed.success ? parsed.data.error : 'unknown';
    if (grant.grant_type === 'refresh_token' && vendorError === 'invalid_grant') throw refreshTokenRejected(sourceId, vendorError);
    const refusedRideScopes = grant.grant_type === 'client_credentials' ? LYFT_RIDE_SCOPES.filter((scope) => grant.scope.split(' ').includes(scope)) : [];
    // Lyft may refuse ride scopes on client credentials outright rather than grant `public` only.
    if (vendorError === 'invalid_scope' && refusedRideScopes.length > 0) throw rideScopesNotGranted(sourceId, refusedRideScopes, null);
    throw upstreamError(400, sourceId, null);
  }
  const token = await readUpstreamJson(response, lyftTokenResponse, sourceId);
  return { accessToken: token.access_token, expiresInSeconds: token.expires_in, scope: token.scope, refreshToken: token.refresh_token };
}
