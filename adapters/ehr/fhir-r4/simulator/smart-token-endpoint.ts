import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';

/**
 * A small SMART Backend Services token endpoint (client_credentials grant with a
 * `private_key_jwt` client assertion), enough to exercise the adapter's SMART client for real:
 * signature against the client's JWKS, RS384/ES384 only, iss = sub = client id, aud = this
 * token URL, exp at most 5 minutes ahead of THIS endpoint's clock (not the client's `iat`: a
 * client whose clock runs ahead is refused, as Epic does — https://fhir.epic.com/Documentation?docId=oauth2,
 * "Backend Services", exp "no more than 5 minutes in the future"; likewise
 * https://hl7.org/fhir/smart-app-launch/backend-services.html), jti never reused. Issues opaque bearer tokens.
 */
export interface SmartClientRegistration {
  clientId: string;
  /** The client's public keys. */
  jwks: JSONWebKeySet;
  /** Lifetime of issued access tokens (default 300 s). */
  tokenTtlSeconds?: number;
}

export interface SmartTokenEndpoint {
  handle(request: Request): Promise<Response>;
  isValidAccessToken(token: string): boolean;
  /** Invalidate every issued token (a server-side revocation or a restart), to test refresh on 401. */
  revokeAll(): void;
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const MAX_ASSERTION_LIFETIME_S = 300;

const oauthError = (status: number, error: string, description: string) =>
  Response.json({ error, error_description: description }, { status, headers: { 'cache-control': 'no-store' } });

export function createSmartTokenEndpoint(client: SmartClientRegistration, now: () => number): SmartTokenEndpoint {
  const keys = createLocalJWKSet(client.jwks);
  const ttlSeconds = client.tokenTtlSeconds ?? 300;
  const issued = new Map<string, number>(); // access token -> expiry (epoch ms)
  const usedJtis = new Map<string, number>(); // jti -> assertion expiry (epoch ms), for replay checks

  const handle = async (request: Request): Promise<Response> => {
    if (request.method !== 'POST') return oauthError(405, 'invalid_request', 'POST required');
    if (!(request.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
      return oauthError(400, 'invalid_request', 'form-encoded body required');
    }
    const form = new URLSearchParams(await request.text());
    if (form.get('grant_type') !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', 'client_credentials only');
    if (form.get('client_assertion_type') !== ASSERTION_TYPE) return oauthError(400, 'invalid_request', 'jwt-bearer client assertion required');
    const assertion = form.get('client_assertion');
    const scope = form.get('scope');
    if (!assertion || !scope) return oauthError(400, 'invalid_request', 'client_assertion and scope are required');

    const tokenUrl = new URL(request.url);
    tokenUrl.search = '';
    const nowMs = now();
    try {
      const { payload, protectedHeader } = await jwtVerify(assertion, keys, {
        algorithms: ['RS384', 'ES384'],
        issuer: client.clientId,
        subject: client.clientId,
        audience: tokenUrl.toString(),
        requiredClaims: ['exp', 'jti'],
        currentDate: new Date(nowMs),
      });
      if (!protectedHeader.kid) return oauthError(401, 'invalid_client', 'kid header required');
      const exp = payload.exp ?? 0;
      if (exp * 1000 - nowMs > MAX_ASSERTION_LIFETIME_S * 1000) return oauthError(401, 'invalid_client', 'exp more than 5 minutes ahead');
      for (const [jti, expiresAt] of usedJtis) if (expiresAt < nowMs) usedJtis.delete(jti);
      if (!payload.jti || usedJtis.has(payload.jti)) return oauthError(401, 'invalid_client', 'jti replayed');
      usedJtis.set(payload.jti, exp * 1000);
    } catch {
      return oauthError(401, 'invalid_client', 'client assertion rejected');
    }

    const accessToken = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
    issued.set(accessToken, nowMs + ttlSeconds * 1000);
    return Response.json(
      { access_token: accessToken, token_type: 'bearer', expires_in: ttlSeconds, scope },
      { headers: { 'cache-control': 'no-store', pragma: 'no-cache' } },
    );
  };

  return {
    handle,
    isValidAccessToken: (token) => (issued.get(token) ?? 0) > now(),
    revokeAll: () => issued.clear(),
  };
}
