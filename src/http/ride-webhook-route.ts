import type { Hono } from 'hono';
import type { Logger } from '../ports/logger';
import type { RideWebhooks } from '../services/rides';

/** Vendor status webhooks are a few kilobytes; anything far larger is not one. */
const MAX_WEBHOOK_BYTES = 64 * 1024;

/**
 * The body exactly as sent, or null past `maxBytes`. The signature covers these bytes, so they
 * must not go through a text decoder first (a stray invalid byte would be "repaired" and the
 * HMAC would check something other than what arrived).
 */
export async function readRawBody(request: Request, maxBytes: number): Promise<Uint8Array | null> {
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

/**
 * POST /webhooks/rides/:sourceId — ride vendors' status callbacks. No partner token: the HMAC
 * signature (checked by the source's adapter) is the authentication. Answers say only an outcome
 * word, never what was stored.
 */
export function mountRideWebhookRoute(app: Hono, deps: { webhooks: RideWebhooks; logger: Logger }): void {
  app.post('/webhooks/rides/:sourceId', async (c) => {
    const sourceId = c.req.param('sourceId');
    const raw = await readRawBody(c.req.raw, MAX_WEBHOOK_BYTES);
    const answer = raw === null ? { status: 413, body: { outcome: 'too-large' } } : await deps.webhooks.receive(sourceId, raw, c.req.raw.headers);
    if (answer.status >= 500) deps.logger.warn('ride webhook deferred', { sourceId, outcome: answer.body.outcome });
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json; charset=utf-8' } });
  });
}
