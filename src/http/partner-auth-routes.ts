import type { Hono } from 'hono';
import type { JWK } from 'jose';
import {
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
import { readBodyLimited } from './read-body-limited';

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

/** POST /oauth/token (SMART Backend Services): RFC 6749 JSON in both directions of success and failure. */
export async function handleTokenRequest(request: Request, options: Pick<PartnerAuthRoutesOptions, 'tokens' | 'logger'>): Promise<Response> {
  try {
    if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      throw new OAuthError('invalid_request', 'body must be application/x-www-form-urlencoded');
    }
    const text = await readBodyLimited(request, MAX_TOKEN_REQUEST_BYTES);
    if (text === null) throw new OAuthError('invalid_request', 'request body too large');
    const { body, partner } = await options.tokens.exchange(new URLSearchParams(text));
    options.logger.info('access token issued', { partnerId: partner.id, scope: body.scope, expiresIn: body.expires_in });
    return json(body, 200, noStoreHeaders);
  } catch (error) {
    if (error instanceof OAuthError) {
      // The description names a check, never a value from the request.
      options.logger.info('token request refused', { error: error.error, reason: error.description });
      return oauthErrorResponse(error);
    }
    options.logger.error('token request failed unexpectedly', { error: error instanceof Error ? error.name : 'unknown' });
    return json({ error: 'server_error', error_description: 'internal error' }, 500, noStoreHeaders);
  }
}

/** Mounts the token endpoint and the two discovery documents on the gateway's Hono app. */
export function mountPartnerAuthRoutes(app: Hono, options: PartnerAuthRoutesOptions): void {
  const configuration = smartConfiguration(options.publicUrl);
  app.post(TOKEN_PATH, (c) => handleTokenRequest(c.req.raw, options));
  app.all(TOKEN_PATH, () => oauthErrorResponse(new OAuthError('invalid_request', 'use POST'), { allow: 'POST' }));
  app.get(SMART_CONFIGURATION_PATH, () => json(configuration, 200, { 'cache-control': 'public, max-age=3600' }));
  // Short max-age: a newly added key must reach verifiers before it starts signing.
  app.get(JWKS_PATH, () => json(options.jwks, 200, { 'cache-control': 'public, max-age=300' }));
}
