/** RFC 6749 section 5.2 error codes (plus `temporarily_unavailable` when state is unreachable). */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'invalid_scope'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'temporarily_unavailable';

const statusOf: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  invalid_scope: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  temporarily_unavailable: 503,
};

/**
 * A refused token request. `description` goes to the caller (RFC 6749 error_description): it
 * names the failed check so a partner can fix its client, and never holds key material or PHI.
 */
export class OAuthError extends Error {
  readonly error: OAuthErrorCode;
  readonly status: number;
  readonly description: string;

  constructor(error: OAuthErrorCode, description: string, options: { cause?: unknown } = {}) {
    super(`${error}: ${description}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OAuthError';
    this.error = error;
    this.status = statusOf[error];
    this.description = description;
  }
}

/** Token responses must never be cached (RFC 6749 section 5.1). */
export const noStoreHeaders = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;

/** The RFC 6749 JSON error body (no WWW-Authenticate: the client authenticated by assertion, not an HTTP scheme). */
export function oauthErrorResponse(error: OAuthError, extraHeaders: Record<string, string> = {}): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', ...noStoreHeaders, ...extraHeaders };
  if (error.status === 503) headers['retry-after'] = '1';
  return new Response(JSON.stringify({ error: error.error, error_description: error.description }), { status: error.status, headers });
}
