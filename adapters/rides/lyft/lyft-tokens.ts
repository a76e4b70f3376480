import type { Clock } from '../../../src/ports/clock';
import type { Store } from '../../../src/ports/store';
import { createTokenCache, type TokenCache } from '../../shared/oauth/token-cache';
import { createRefreshTokenKeeper } from './refresh-token-keeper';
import { grantedScopes, missingRideScopes, rideScopesNotGranted } from './ride-scopes';
import { requestLyftToken, type LyftIssuedToken, type LyftTokenEndpoint } from './token-endpoint';

/**
 * How a Lyft source gets the token for ride calls (book, read, cancel). Estimates always use
 * client credentials with scope `public`, which every Lyft app is granted.
 * - `client-credentials`: the app's own token, asked for the ride scopes; only accounts that Lyft
 *   grants ride scopes this way (Concierge / enterprise agreements) can book with it.
 * - `user-refresh-token`: the organisation's Lyft user authorized the app once (3-legged flow,
 *   scopes `rides.request rides.read offline`); its refresh token buys access tokens, and a
 *   rotated one is kept in the Store for every instance (./refresh-token-keeper.ts).
 */
export type LyftAuth = { type: 'client-credentials' } | { type: 'user-refresh-token'; refreshToken: string; store: Store };

export interface LyftTokens {
  /** `public` client-credentials tokens: cost, ETA, ride types. */
  estimates: TokenCache;
  /** Tokens whose granted scopes were checked to include rides.read and rides.request. */
  rides: TokenCache;
}

export interface LyftTokensOptions {
  endpoint: LyftTokenEndpoint;
  auth: LyftAuth;
  /** client_credentials scope for ride calls (client-credentials mode). */
  rideScope: string;
  clock: Clock;
}

/**
 * The shared token cache, plus the scopes each cached token was granted: the check runs on every
 * ride call, so a `public`-only token is refused at once, without asking Lyft for another one.
 */
function scopeCheckedCache(fetchToken: () => Promise<LyftIssuedToken>, requestedScope: string | null, sourceId: string, clock: Clock): TokenCache {
  let granted: { token: string; scopes: ReadonlySet<string> | null } | null = null;
  const cache = createTokenCache(async () => {
    const issued = await fetchToken();
    // RFC 6749 section 5.1: no `scope` in the answer means as requested (null: nothing asked, nothing to check).
    const scopes = grantedScopes(issued.scope) ?? (requestedScope === null ? null : grantedScopes(requestedScope));
    granted = { token: issued.accessToken, scopes };
    return issued;
  }, clock);
  return {
    async get() {
      const token = await cache.get();
      const scopes = granted?.token === token ? granted.scopes : null;
      const missing = scopes ? missingRideScopes(scopes) : [];
      if (scopes && missing.length > 0) throw rideScopesNotGranted(sourceId, missing, [...scopes]);
      return token;
    },
    invalidate: (token) => cache.invalidate(token),
  };
}

export function createLyftTokens(options: LyftTokensOptions): LyftTokens {
  const { endpoint, auth, clock } = options;
  const estimates = createTokenCache(() => requestLyftToken(endpoint, { grant_type: 'client_credentials', scope: 'public' }), clock);
  if (auth.type === 'client-credentials') {
    const fetchRideToken = () => requestLyftToken(endpoint, { grant_type: 'client_credentials', scope: options.rideScope });
    return { estimates, rides: scopeCheckedCache(fetchRideToken, options.rideScope, endpoint.sourceId, clock) };
  }
  const keeper = createRefreshTokenKeeper({ sourceId: endpoint.sourceId, store: auth.store, configured: auth.refreshToken, exchangeTimeoutMs: endpoint.timeoutMs });
  const fetchUserToken = () =>
    keeper.refresh(async (refreshToken) => {
      const issued = await requestLyftToken(endpoint, { grant_type: 'refresh_token', refresh_token: refreshToken });
      return { result: issued, rotated: issued.refreshToken };
    });
  return { estimates, rides: scopeCheckedCache(fetchUserToken, null, endpoint.sourceId, clock) };
}
