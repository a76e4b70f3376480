import { reasonPhrase } from './reason-phrase';

/** Default cap on a GraphQL request body: ample for any real query with variables. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/**
 * What a request's Content-Length says about the cap: `over` (refuse unread), `within` (the
 * body is bounded already: HTTP servers never deliver more than the declared length), or
 * `unknown` (chunked, or a malformed header: read with a cap).
 */
export function declaredBodySize(headers: Headers, maxBytes: number): 'over' | 'within' | 'unknown' {
  const declared = headers.get('content-length');
  if (declared === null) return 'unknown';
  if (Number(declared) > maxBytes) return 'over';
  return /^\d+$/.test(declared) ? 'within' : 'unknown';
}

/** The typed 413 answer (GraphQL error shape, code BAD_INPUT, details.limit `bodySize`). */
export const bodyTooLargeResponse = (maxBytes: number, extraHeaders: Record<string, string> = {}): Response =>
  new Response(
    JSON.stringify({
      errors: [
        {
          message: `Request body larger than ${maxBytes} bytes`,
          extensions: { code: 'BAD_INPUT', retryable: false, details: { limit: 'bodySize', maxBytes } },
        },
      ],
    }),
    // Connection: close, so the rest of an oversized body is not read to keep the socket.
    { status: 413, statusText: reasonPhrase(413), headers: { 'content-type': 'application/json; charset=utf-8', connection: 'close', ...extraHeaders } },
  );
