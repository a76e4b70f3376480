import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { JWK } from 'jose';
import {
  AUTHORIZATION_SERVER_METADATA_PATH,
  JWKS_PATH,
  noStoreHeaders,
  OAuthError,
  oauthErrorResponse,
  SMART_CONFIGURATION_PATH,
  smartConfiguration,
  TOKEN_PATH,
  type TokenService,
} from '../auth/token-endpoint';
import type { Logger } from '../ports/logger';

/** A token request is a few form fields and one assertion (<= 8 KB): anything much larger is refused unread. */
export const MAX_TOKEN_REQUEST_BYTES = 16 * 1024;

export interface PartnerAuthRoutesOptions {
  publicUrl: string;
  tokens: TokenService;
  /** The gateway key ring's public JWKS (active and retired keys). */
  jwks: { keys: JWK[] };
  logger: Logger;
}

const json = (body: unknown, status: number, headers: Record<string, string>) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });

const refused = (error: OAuthError, logger: Logger) => {
  // The description names a check, never a value from the request.
  logger.info('token request refused', { error: error.error, reason: error.description });
  return oauthErrorResponse(error);
};

/**
 * POST /oauth/token (SMART Backend Services): RFC 6749 JSON in both directions of success and
 * failure. The body is already bounded (MAX_TOKEN_REQUEST_BYTES) by the route's body limit.
 */
export async function handleTokenRequest(request: Request, options: Pick<PartnerAuthRoutesOptions, 'tokens' | 'logger'>): Promise<Response> {
  try {
    if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      throw new OAuthError('invalid_request', 'body must be application/x-www-form-urlencoded');
    }
    const { body, partner } = await options.tokens.exchange(new URLSearchParams(await request.text()));
    options.logger.info('access token issued', { partnerId: partner.id, scope: body.scope, expiresIn: body.expires_in });
    return json(body, 200, noStoreHeaders);
  } catch (error) {
    if (error instanceof OAuthError) return refused(error, options.logger);
    options.logger.error('token request failed unexpectedly', { error: error instanceof Error ? error.name : 'unknown' });
    return json({ error: 'server_error', error_description: 'internal error' }, 500, noStoreHeaders);
  }
}

/** Mounts the token endpoint, the discovery document (SMART and RFC 8414 paths) and the JWKS on the gateway's Hono app. */
export function mountPartnerAuthRoutes(app: Hono, options: PartnerAuthRoutesOptions): void {
  const configuration = smartConfiguration(options.publicUrl);
  // Refused unread past the limit (on Content-Length, or once a chunked body passes it).
  const tooLarge = bodyLimit({
    maxSize: MAX_TOKEN_REQUEST_BYTES,
    onError: (c) => refused(new OAuthError('invalid_request', 'request body too large'), options.logger.child({ requestId: c.var.requestId })),
  });
  app.post(TOKEN_PATH, tooLarge, (c) => handleTokenRequest(c.req.raw, { ...options, logger: options.logger.child({ requestId: c.var.requestId }) }));
  app.all(TOKEN_PATH, () => oauthErrorResponse(new OAuthError('invalid_request', 'use POST'), { allow: 'POST' }));
  app.get(SMART_CONFIGURATION_PATH, () => json(configuration, 200, { 'cache-control': 'public, max-age=3600' }));
  app.get(AUTHORIZATION_SERVER_METADATA_PATH, () => json(configuration, 200, { 'cache-control': 'public, max-age=3600' }));
  // Short max-age: a newly added key must reach verifiers before it starts signing.
  app.get(JWKS_PATH, () => json(options.jwks, 200, { 'cache-control': 'public, max-age=300' }));
}
