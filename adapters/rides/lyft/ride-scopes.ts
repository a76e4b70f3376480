import { GatewayError } from '../../../src/domain/errors';

/**
 * The Lyft scopes a ride source needs (developer.lyft.com/docs/authentication): `rides.request`
 * books and cancels, `rides.read` reads rides and history. Client credentials normally grant
 * `public` only (cost, ETA, ride types), so a source must say how it gets these: the
 * organisation's refresh token (`auth.type: "user-refresh-token"`), or an account that Lyft grants
 * them on client credentials.
 */
export const LYFT_RIDE_SCOPES = ['rides.read', 'rides.request'] as const;

/** Reasons in `details.reason`: stable, for operators' alerts and partners' support tickets. */
export const RIDE_SCOPES_NOT_GRANTED = 'RIDE_SCOPES_NOT_GRANTED';
export const REFRESH_TOKEN_REJECTED = 'REFRESH_TOKEN_REJECTED';

/** The space-separated `scope` of a token response as a set; null when Lyft did not say. */
export const grantedScopes = (scope: string | undefined): ReadonlySet<string> | null =>
  scope === undefined ? null : new Set(scope.split(/\s+/).filter(Boolean));

export const missingRideScopes = (granted: ReadonlySet<string>): string[] => LYFT_RIDE_SCOPES.filter((scope) => !granted.has(scope));

/**
 * The source's token cannot book or read rides: a setup problem, not the partner's, and trying
 * again will not help until the operator changes the source's `auth`.
 */
export function rideScopesNotGranted(sourceId: string, missing: readonly string[], granted: readonly string[] | null): GatewayError {
  const grantedText = granted ? `"${granted.join(' ')}"` : 'no ride scope';
  return new GatewayError(
    'UPSTREAM_REJECTED',
    `Ride source ${sourceId} is not authorized to book or read Lyft rides: its token has ${grantedText}, missing ${missing.join(', ')} ` +
      '(client credentials grant "public" only; use auth "user-refresh-token")',
    { retryable: false, details: { sourceId, reason: RIDE_SCOPES_NOT_GRANTED, missingScopes: [...missing], ...(granted ? { grantedScopes: [...granted] } : {}) } },
  );
}

/** Lyft refused the organisation's refresh token (revoked, expired, or another client's). */
export const refreshTokenRejected = (sourceId: string, vendorError: string): GatewayError =>
  new GatewayError('UPSTREAM_REJECTED', `Ride source ${sourceId}: Lyft refused the organisation's refresh token; authorize the account again`, {
    retryable: false,
    details: { sourceId, reason: REFRESH_TOKEN_REJECTED, vendorError },
  });
