import { type GatewayError } from '../domain/errors';

/**
 * JSON error body for non-GraphQL failures (auth, rate limit, bad routes). Same shape as a
 * GraphQL error so partners parse one format: { errors: [{ message, extensions: { code } }] }.
 */
export function errorResponse(error: GatewayError, extraHeaders: Record<string, string> = {}): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', ...extraHeaders };
  if (error.code === 'UNAUTHENTICATED') {
    headers['www-authenticate'] = `Bearer realm="caregate", error="invalid_token", error_description="${error.message}"`;
  }
  if (error.code === 'RATE_LIMITED' && typeof error.details?.['retryAfterSeconds'] === 'number') {
    headers['retry-after'] = String(error.details['retryAfterSeconds']);
  }
  const body = { errors: [{ message: error.message, extensions: { code: error.code, retryable: error.retryable } }] };
  return new Response(JSON.stringify(body), { status: error.httpStatus, headers });
}
