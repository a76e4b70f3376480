import type { Plugin } from 'graphql-yoga';
import { readBodyLimited } from '../../http/read-body-limited';

/** Default cap on a GraphQL request body: ample for any real query with variables. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

const tooLarge = (maxBytes: number) =>
  new Response(
    JSON.stringify({
      errors: [
        {
          message: `Request body larger than ${maxBytes} bytes`,
          extensions: { code: 'BAD_INPUT', retryable: false, details: { limit: 'bodySize', maxBytes } },
        },
      ],
    }),
    { status: 413, headers: { 'content-type': 'application/json; charset=utf-8', connection: 'close' } },
  );

/**
 * Refuses oversized POST bodies before yoga parses them: on Content-Length without reading
 * a byte, and for chunked bodies by reading at most `maxBytes` and then giving up. Runs after
 * partner auth (onRequest), so an anonymous caller never gets this far.
 */
export function useBodyLimit(options: { maxBytes?: number } = {}): Plugin {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  return {
    onRequestParse({ request, requestParser, setRequestParser, endResponse, fetchAPI }) {
      if (request.method !== 'POST' || !requestParser) return;
      const declared = request.headers.get('content-length');
      if (declared !== null && Number(declared) > maxBytes) {
        endResponse(tooLarge(maxBytes));
        return;
      }
      // A declared length within the cap bounds the body already (HTTP servers never deliver more
      // than Content-Length), so the usual path keeps yoga's own parser and skips a Request copy.
      if (declared !== null && /^\d+$/.test(declared)) return;
      setRequestParser(async (incoming) => {
        const text = await readBodyLimited(incoming, maxBytes);
        if (text === null) return tooLarge(maxBytes);
        // Hand yoga's own parser (JSON, form, multipart) the bounded body.
        return requestParser(new fetchAPI.Request(incoming.url, { method: incoming.method, headers: incoming.headers, body: text }));
      });
    },
  };
}
