import type { Plugin } from 'graphql-yoga';
import { acceptedEncoding } from '../../pipeline/accepted-encoding';

/** Below this a JSON answer goes as it is: compressing the common small cached read costs more than it saves. */
export const DEFAULT_COMPRESSION_THRESHOLD_BYTES = 1024;

const JSON_TYPES = /^application\/(json|graphql-response\+json)\b/i;

/**
 * gzip (or deflate) for /graphql JSON answers of at least `thresholdBytes`, when the client asks.
 * This is the Node fast path's compression (yoga answers there without Hono). Only answers whose
 * Content-Length is known are compressed: yoga's Node responses have it; Workers' native ones do not,
 * and there hono/compress in front of yoga does it. SSE streams never (compressing buffers them).
 *
 * @example
 * ```ts
 * createYoga({ schema, plugins: [useResponseCompression()] });
 * ```
 */
export function useResponseCompression(options: { thresholdBytes?: number } = {}): Plugin {
  const threshold = options.thresholdBytes ?? DEFAULT_COMPRESSION_THRESHOLD_BYTES;
  return {
    onResponse(payload) {
      const { request, response, fetchAPI } = payload;
      const length = Number(response.headers.get('content-length') ?? NaN);
      if (!JSON_TYPES.test(response.headers.get('content-type') ?? '') || !(length >= threshold)) return;
      if (!response.body || response.headers.has('content-encoding')) return;
      response.headers.append('vary', 'Accept-Encoding');
      const encoding = acceptedEncoding(request.headers.get('accept-encoding'));
      if (!encoding) return;
      const headers = new fetchAPI.Headers(response.headers);
      headers.set('content-encoding', encoding);
      headers.delete('content-length');
      const body = response.body.pipeThrough(new fetchAPI.CompressionStream(encoding));
      payload.setResponse(new fetchAPI.Response(body, { status: response.status, statusText: response.statusText, headers }));
    },
  };
}
