import { json, randomString } from '../common/simulator-kit';

/**
 * The simulator's OAuth side, kept to what Lyft documents and what Lyft refuses:
 * - https://developer.lyft.com/docs/authentication (scopes table; "Client Credentials (2-legged)
 *   flow for public endpoints": `POST https://api.lyft.com/oauth/token`, client id and secret as
 *   HTTP Basic, JSON `{"grant_type":"client_credentials","scope":"public"}`; its tokens "are valid
 *   for endpoints that don't require access to user data (eg ETA, cost, ride types)"; the 3-legged
 *   flow: authorization code, then `{"grant_type":"refresh_token","refresh_token":...}` with the
 *   same Basic auth; `offline` is "required in order to get access to a refresh_token").
 * - Scopes: `public` opens ride types, ETAs and cost; `rides.read` "the user's current and past ride
 *   information" (GET /v1/rides, GET /v1/rides/{id}); `rides.request` "requesting and managing a
 *   passenger's rides" (POST /v1/rides, POST /v1/rides/{id}/cancel).
 * - Refusals: an unknown or expired access token is 401 `invalid_token`; a valid token without the
 *   endpoint's scope is 403 `insufficient_scope` (RFC 6750 section 3.1, with `WWW-Authenticate`;
 *   the reason slugs Lyft's client libraries handle: invalid_token, token_expired,
 *   insufficient_scope, unsupported_grant_type). Token endpoint errors per RFC 6749 section 5.2:
 *   401 `invalid_client` for a wrong or missing Basic client, 400 `invalid_grant` for an unknown or
 *   revoked refresh token, 400 `unsupported_grant_type`, 400 `invalid_scope`.
 * - Rotation: Lyft's refresh example answers no new `refresh_token`, so the default keeps it;
 *   `rotateRefreshTokens` answers a new one and revokes the old (as RFC 6749 section 6 allows),
 *   for the adapter's rotation path.
 * Client-credentials tokens get `public` only, unless the account is one Lyft grants ride scopes
 * that way (Concierge / enterprise accounts): `clientCredentialScopes`.
 */
export interface LyftOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** What client_credentials may grant (Lyft: `public`). */
  clientCredentialScopes?: readonly string[];
  /** The organisation's authorized refresh token (issued by the 3-legged flow, out of band). */
  refreshToken: string;
  /** Scopes the organisation's user granted (default: public rides.read rides.request offline). */
  userScopes?: readonly string[];
  rotateRefreshTokens?: boolean;
  /** client_credentials lifetime (Lyft's example: 86400 s). */
  tokenTtlSeconds?: number;
  /** User access token lifetime (Lyft's example: 3600 s). */
  userTokenTtlSeconds?: number;
}

export const LYFT_SCOPES = ['public', 'rides.read', 'rides.request', 'offline', 'profile'] as const;
const DEFAULT_USER_SCOPES = ['public', 'rides.read', 'rides.request', 'offline'];

/** The scope each API route needs (see the header). */
export function requiredScope(method: string, path: string): string {
  if (method === 'POST' && (path === '/v1/rides' || /^\/v1\/rides\/[^/]+\/cancel$/.test(path))) return 'rides.request';
  if (method === 'GET' && /^\/v1\/rides(\/[^/]+)?$/.test(path)) return 'rides.read';
  return 'public';
}

export interface LyftOAuth {
  token(request: Request): Promise<Response>;
  /** null when `bearer` may call the route; else Lyft's 401 / 403. */
  authorize(bearer: string | null, method: string, path: string): Response | null;
  revokeAccessTokens(): void;
  /** Revoke a refresh token (default: the current one), as a user withdrawing consent would. */
  revokeRefreshToken(token?: string): void;
  /** The organisation authorizes the app again (3-legged flow): a new refresh token, now the current one. */
  authorizeAgain(scopes?: readonly string[]): string;
  /** The refresh token that works now (changes on each refresh when rotating). */
  readonly currentRefreshToken: string;
  /** Grant types asked for, in order (`client_credentials`, `refresh_token`, ...). */
  readonly grants: string[];
}

const oauthError = (status: number, error: string, description: string, headers: Record<string, string> = {}) =>
  json(status, { error, error_description: description }, headers);

export function createLyftOAuth(options: LyftOAuthOptions, random: () => number): LyftOAuth {
  const accessTokens = new Map<string, ReadonlySet<string>>();
  const refreshTokens = new Map<string, readonly string[]>([[options.refreshToken, options.userScopes ?? DEFAULT_USER_SCOPES]]);
  let currentRefreshToken = options.refreshToken;
  const grants: string[] = [];
  const expectedBasic = btoa(`${options.clientId}:${options.clientSecret}`);

  const issue = (scopes: readonly string[], ttlSeconds: number, extra: Record<string, string> = {}) => {
    const accessToken = `lyft-sim-${randomString(random, 24)}`;
    accessTokens.set(accessToken, new Set(scopes));
    return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: ttlSeconds, scope: scopes.join(' '), ...extra });
  };

  const clientCredentials = (requested: string | undefined) => {
    const allowed = options.clientCredentialScopes ?? ['public'];
    const asked = (requested ?? 'public').split(/\s+/).filter(Boolean);
    if (asked.some((scope) => !(LYFT_SCOPES as readonly string[]).includes(scope))) return oauthError(400, 'invalid_scope', 'Unknown scope');
    const granted = asked.filter((scope) => allowed.includes(scope));
    if (granted.length === 0) return oauthError(400, 'invalid_scope', 'None of the requested scopes can be granted to this client');
    return issue(granted, options.tokenTtlSeconds ?? 86_400);
  };

  const refresh = (refreshToken: unknown) => {
    const scopes = typeof refreshToken === 'string' ? refreshTokens.get(refreshToken) : undefined;
    if (typeof refreshToken !== 'string' || !scopes) return oauthError(400, 'invalid_grant', 'The refresh token is invalid or revoked');
    const ttl = options.userTokenTtlSeconds ?? 3600;
    if (!options.rotateRefreshTokens) return issue(scopes, ttl);
    refreshTokens.delete(refreshToken);
    currentRefreshToken = `lyft-sim-refresh-${randomString(random, 24)}`;
    refreshTokens.set(currentRefreshToken, scopes);
    return issue(scopes, ttl, { refresh_token: currentRefreshToken });
  };

  return {
    grants,
    get currentRefreshToken() {
      return currentRefreshToken;
    },
    async token(request) {
      const basic = /^Basic\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
      const body = (await request.json().catch(() => null)) as { grant_type?: unknown; scope?: unknown; refresh_token?: unknown } | null;
      grants.push(typeof body?.grant_type === 'string' ? body.grant_type : '(none)');
      if (basic !== expectedBasic) return oauthError(401, 'invalid_client', 'Client authentication failed', { 'www-authenticate': 'Basic realm="Lyft"' });
      if (body?.grant_type === 'client_credentials') return clientCredentials(typeof body.scope === 'string' ? body.scope : undefined);
      if (body?.grant_type === 'refresh_token') return refresh(body.refresh_token);
      return oauthError(400, 'unsupported_grant_type', 'grant_type must be client_credentials, authorization_code or refresh_token');
    },
    authorize(bearer, method, path) {
      const scopes = bearer ? accessTokens.get(bearer) : undefined;
      if (!scopes) {
        return oauthError(401, 'invalid_token', 'The access token is invalid or has expired', { 'www-authenticate': 'Bearer error="invalid_token"' });
      }
      const needed = requiredScope(method, path);
      if (scopes.has(needed)) return null;
      return oauthError(403, 'insufficient_scope', `This endpoint requires the ${needed} scope`, {
        'www-authenticate': `Bearer error="insufficient_scope", scope="${needed}"`,
      });
    },
    revokeAccessTokens: () => accessTokens.clear(),
    revokeRefreshToken(token = currentRefreshToken) {
      refreshTokens.delete(token);
    },
    authorizeAgain(scopes = options.userScopes ?? DEFAULT_USER_SCOPES) {
      currentRefreshToken = `lyft-sim-refresh-${randomString(random, 24)}`;
      refreshTokens.set(currentRefreshToken, scopes);
      return currentRefreshToken;
    },
  };
}
