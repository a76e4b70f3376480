import type { Hono } from 'hono';
import type { Logger } from '../ports/logger';
import type { RideWebhooks } from '../services/rides';
import { readBytesLimited } from './read-body-limited';

/** Vendor status webhooks are a few kilobytes; anything far larger is not one. */
const MAX_WEBHOOK_BYTES = 64 * 1024;

/**
 * POST /webhooks/rides/:sourceId — ride vendors' status callbacks. No partner token: the HMAC
 * signature (checked by the source's adapter) is the authentication. Answers say only an outcome
 * word, never what was stored.
 */
export function mountRideWebhookRoute(app: Hono, deps: { webhooks: RideWebhooks; logger: Logger }): void {
  app.post('/webhooks/rides/:sourceId', async (c) => {
    const sourceId = c.req.param('sourceId');
    // The signature covers the raw bytes, so they are never decoded to text before the HMAC check.
    const raw = await readBytesLimited(c.req.raw, MAX_WEBHOOK_BYTES);
    const answer = raw === null ? { status: 413, body: { outcome: 'too-large' } } : await deps.webhooks.receive(sourceId, raw, c.req.raw.headers);
    if (answer.status >= 500) deps.logger.warn('ride webhook deferred', { sourceId, outcome: answer.body.outcome });
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json; charset=utf-8' } });
  });
}
