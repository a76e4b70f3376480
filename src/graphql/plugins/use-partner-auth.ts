import type { Plugin } from 'graphql-yoga';
import type { PartnerConfig } from '../../../config/schema';
import type { AccessTokenVerifier } from '../../auth/access-token-verifier';
import type { PartnerContext } from '../../auth/partner';
import { GatewayError, isGatewayError } from '../../domain/errors';
import type { Logger } from '../../ports/logger';
import { errorResponse } from '../../http/error-response';

export interface AuthenticatedRequest {
  requestId: string;
  partner: PartnerContext;
}

/** Per-request auth result, keyed by the Request object yoga passes to the context factory. */
export const authenticatedRequests = new WeakMap<Request, AuthenticatedRequest>();

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

export const requestIdOf = (request: Request): string => {
  const given = request.headers.get('x-request-id');
  return given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
};

/**
 * Authenticates a request from its bearer token and resolves the partner from config.
 * One function, so every path into GraphQL runs the same checks.
 */
export async function authenticatePartner(
  request: Request,
  deps: { verifier: AccessTokenVerifier; partners: ReadonlyMap<string, PartnerConfig> },
): Promise<PartnerContext> {
  const header = request.headers.get('authorization');
  const match = header ? /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim()) : null;
  if (!match?.[1]) throw new GatewayError('UNAUTHENTICATED', 'Missing bearer token', { details: { reason: 'missing' } });
  const token = await deps.verifier.verify(match[1]);
  const config = deps.partners.get(token.partnerId);
  if (!config || config.status !== 'active') {
    throw new GatewayError('UNAUTHENTICATED', 'Partner unknown or suspended', { details: { reason: 'partner' } });
  }
  // The token can never grant more than the partner holds now (config may have changed since issue).
  const scopes = new Set(token.scopes.filter((scope) => config.scopes.includes(scope)));
  return { id: config.id, name: config.name, scopes, config };
}

export interface PartnerAuthOptions {
  verifier: AccessTokenVerifier;
  partners: ReadonlyMap<string, PartnerConfig>;
  logger: Logger;
  /** Runs after authentication (rate limits); may throw a GatewayError to refuse the request. */
  afterAuthenticate?: (partner: PartnerContext, request: Request) => Promise<void>;
}

/** Refuses the request with 401 JSON (+ WWW-Authenticate) before any GraphQL parsing when the token is bad. */
export function usePartnerAuth(options: PartnerAuthOptions): Plugin {
  return {
    async onRequest({ request, endResponse }) {
      const requestId = requestIdOf(request);
      try {
        const partner = await authenticatePartner(request, options);
        await options.afterAuthenticate?.(partner, request);
        authenticatedRequests.set(request, { requestId, partner });
      } catch (error) {
        if (!isGatewayError(error)) {
          options.logger.error('authentication failed unexpectedly', { requestId, error: error instanceof Error ? error.name : 'unknown' });
        }
        const gatewayError = isGatewayError(error) ? error : new GatewayError('INTERNAL', 'Internal error');
        const reason = typeof gatewayError.details?.['reason'] === 'string' ? gatewayError.details['reason'] : undefined;
        options.logger.info('request refused', { requestId, code: gatewayError.code, reason });
        endResponse(errorResponse(gatewayError, { 'x-request-id': requestId }));
      }
    },
  };
}
