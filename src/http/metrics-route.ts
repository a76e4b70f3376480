import type { Hono } from 'hono';
import { GatewayError } from '../domain/errors';
import type { MetricsRegistry } from '../observability/metrics-registry';
import { PROMETHEUS_CONTENT_TYPE } from '../observability/metrics-registry';
import { errorResponse } from '../pipeline/error-response';

const constantTimeEqual = (a: string, b: string): boolean => {
  let difference = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) difference |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return difference === 0;
};

/**
 * GET /metrics in Prometheus text format. With a token configured the scraper must send it as a
 * bearer token; without one, keep the route on a private network (labels are partner and source
 * ids, never PHI, but traffic shape is still nobody else's business).
 */
export function mountMetricsRoute(app: Hono, options: { registry: MetricsRegistry; token?: string | undefined }): void {
  app.get('/metrics', (c) => {
    if (options.token) {
      const header = c.req.header('authorization') ?? '';
      if (!constantTimeEqual(header, `Bearer ${options.token}`)) {
        return errorResponse(new GatewayError('UNAUTHENTICATED', 'Metrics need the scrape token', { details: { reason: 'metrics-token' } }));
      }
    }
    return new Response(options.registry.render(), { status: 200, headers: { 'content-type': PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' } });
  });
}
