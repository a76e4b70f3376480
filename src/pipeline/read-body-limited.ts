/**
 * The request body as text, or null when it is larger than `maxBytes`. Refuses on the
 * Content-Length header without reading; otherwise reads the stream and stops (cancelling it)
 * as soon as the limit is passed, so a chunked upload cannot make us buffer more than that.
 */
export async function readBodyLimited(request: Request, maxBytes: number): Promise<string | null> {
  const bytes = await readBytesLimited(request, maxBytes);
  return bytes === null ? null : new TextDecoder().decode(bytes);
}

/**
 * The body exactly as sent (no text decoding: signatures cover these bytes), or null past
 * `maxBytes`, with the same early refusal and bounded reading as readBodyLimited.
 */
async function readBytesLimited(request: Request, maxBytes: number): Promise<Uint8Array | null> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) return null;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
