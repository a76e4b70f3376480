import { type GatewayError } from '../domain/errors';
import { reasonPhrase } from './reason-phrase';

/** Why authentication failed without any bearer token being presented (RFC 6750 3.1: no error code then). */
export const NO_CREDENTIALS_REASON = 'missing';

/**
 * RFC 6750 section 3: a request that sent no bearer token gets the challenge alone; one whose
 * token was refused gets `invalid_token` and the reason.
 */
const bearerChallenge = (error: GatewayError): string =>
  error.details?.['reason'] === NO_CREDENTIALS_REASON
    ? 'Bearer realm="caregate"'
    : `Bearer realm="caregate", error="invalid_token", error_description="${error.message}"`;

/**
 * JSON error body for non-GraphQL failures (auth, rate limit, bad routes). Same shape as a
 * GraphQL error so partners parse one format: { errors: [{ message, extensions: { code } }] }.
 */
export function errorResponse(error: GatewayError, extraHeaders: Record<string, string> = {}): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', ...extraHeaders };
  if (error.code === 'UNAUTHENTICATED') {
    headers['www-authenticate'] = bearerChallenge(error);
  }
  if (error.code === 'RATE_LIMITED' && typeof error.details?.['retryAfterSeconds'] === 'number') {
    headers['retry-after'] = String(error.details['retryAfterSeconds']);
  }
  const body = { errors: [{ message: error.message, extensions: { code: error.code, retryable: error.retryable } }] };
  return new Response(JSON.stringify(body), { status: error.httpStatus, statusText: reasonPhrase(error.httpStatus), headers });
}
