import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from '../ports/logger';
import type { RideWebhooks } from '../services/rides';

/** Vendor status webhooks are a few kilobytes; anything far larger is not one. */
const MAX_WEBHOOK_BYTES = 64 * 1024;

/**
 * POST /webhooks/rides/:sourceId — ride vendors' status callbacks. No partner token: the HMAC
 * signature (checked by the source's adapter) is the authentication. Answers say only an outcome
 * word, never what was stored.
 */
export function mountRideWebhookRoute(app: Hono, deps: { webhooks: RideWebhooks; logger: Logger }): void {
  const answer = (status: number, body: { outcome: string }) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
  const tooLarge = bodyLimit({ maxSize: MAX_WEBHOOK_BYTES, onError: () => answer(413, { outcome: 'too-large' }) });
  app.post('/webhooks/rides/:sourceId', tooLarge, async (c) => {
    const sourceId = c.req.param('sourceId');
    // The signature covers the raw bytes, so they are never decoded to text before the HMAC check.
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const received = await deps.webhooks.receive(sourceId, raw, c.req.raw.headers);
    if (received.status >= 500) deps.logger.warn('ride webhook deferred', { requestId: c.var.requestId, sourceId, outcome: received.body.outcome });
    return answer(received.status, received.body);
  });
}
