import type { Plugin } from 'graphql-yoga';
import { bodyTooLargeResponse, declaredBodySize, DEFAULT_MAX_BODY_BYTES } from '../../pipeline/body-limit';
import { readBodyLimited } from '../../pipeline/read-body-limited';

export { DEFAULT_MAX_BODY_BYTES };

/**
 * Refuses oversized POST bodies before yoga parses them (typed 413, BAD_INPUT / bodySize): on
 * Content-Length without reading a byte, and for chunked bodies by reading at most `maxBytes`
 * and then giving up. Runs after partner auth (onRequest), so an anonymous caller never gets
 * this far.
 *
 * @example
 * ```ts
 * createYoga({ schema, plugins: [useBodyLimit({ maxBytes: 64 * 1024 })] });
 * ```
 */
export function useBodyLimit(options: { maxBytes?: number } = {}): Plugin {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBytes) || maxBytes <= 0) throw new RangeError(`useBodyLimit: maxBytes must be a positive integer, got ${maxBytes}`);
  return {
    onRequestParse({ request, requestParser, setRequestParser, endResponse, fetchAPI }) {
      if (request.method !== 'POST' || !requestParser) return;
      const declared = declaredBodySize(request.headers, maxBytes);
      if (declared === 'over') {
        endResponse(bodyTooLargeResponse(maxBytes));
        return;
      }
      // A declared length within the cap bounds the body already, so the usual path keeps
      // yoga's own parser and skips a Request copy.
      if (declared === 'within') return;
      setRequestParser(async (incoming) => {
        const text = await readBodyLimited(incoming, maxBytes);
        if (text === null) return bodyTooLargeResponse(maxBytes);
        // Hand yoga's own parser (JSON, form, multipart) the bounded body.
        return requestParser(new fetchAPI.Request(incoming.url, { method: incoming.method, headers: incoming.headers, body: text }));
      });
    },
  };
}
