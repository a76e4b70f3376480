import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { GatewayError } from '../domain/errors';
import type { Logger } from '../ports/logger';
import type { CorsPolicy } from '../pipeline/cors-policy';
import { errorResponse } from '../pipeline/error-response';
import { corsFromPolicy } from './middleware/cors';
import { requestId } from './middleware/request-id';
import { sharedReadiness, withRuntimeState, type ReadinessCheck } from './readiness';

/** GraphQL over HTTP for one request (yoga.fetch with its typed server context); the request id comes from Hono. */
export type GraphqlHandler = (request: Request, serverContext: { requestId: string }) => Response | Promise<Response>;

export interface AppOptions {
  graphql: GraphqlHandler;
  logger: Logger;
  readiness: readonly ReadinessCheck[];
  /** Browser origins for /oauth/token and /.well-known/* (/graphql: yoga's own CORS, same policy); none when absent. */
  cors?: CorsPolicy;
  /** Extra routes (token endpoint, webhooks, metrics) mounted by later layers. */
  mount?: (app: Hono) => void;
  /** Breaker state per source, reported by /readyz (open circuits make it degraded). */
  circuits?: () => Record<string, string>;
  /** True while the instance drains for shutdown: /readyz answers 503 so load balancers move on. */
  draining?: () => boolean;
}

/**
 * The HTTP surface. Every route gets a request id first (echoed on every response, 404s and
 * errors included). /graphql goes to yoga, whose plugins authenticate; on Node the entry may
 * send /graphql straight to yoga's own handler instead (faster), with the same plugins.
 * JSON and /metrics text are compressed when the client asks (hono/compress, CompressionStream on Node and
 * Workers; from 1 KB when the length is known). /graphql answers yoga already compressed are left alone:
 * that is yoga's Node responses, whose length is known; on Workers it is this middleware that compresses them.
 */
const COMPRESSION_THRESHOLD_BYTES = 1024;
// JSON and Prometheus text; never text/event-stream, which compression would buffer.
const COMPRESSIBLE = /^(application\/(json|graphql-response\+json)|text\/plain)\b/i;

export function createApp(options: AppOptions): Hono {
  const app = new Hono();
  app.use(requestId());
  app.use(compress({ threshold: COMPRESSION_THRESHOLD_BYTES, contentTypeFilter: COMPRESSIBLE }));
  if (options.cors) {
    app.use('/oauth/token', corsFromPolicy(options.cors, ['POST']));
    app.use('/.well-known/*', corsFromPolicy(options.cors, ['GET']));
  }
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  const readiness = sharedReadiness(options.readiness);
  app.get('/readyz', async (c) => {
    const report = withRuntimeState(await readiness(), {
      ...(options.circuits ? { circuits: options.circuits() } : {}),
      draining: options.draining?.() ?? false,
    });
    return c.json(report, report.status === 'unready' ? 503 : 200);
  });
  app.on(['GET', 'POST', 'OPTIONS'], '/graphql', (c) => options.graphql(c.req.raw, { requestId: c.var.requestId }));
  options.mount?.(app);
  app.notFound(() => errorResponse(new GatewayError('NOT_FOUND', 'No such route')));
  app.onError((error, c) => {
    if (error instanceof GatewayError) return errorResponse(error);
    options.logger.error('unhandled error in route', { requestId: c.var.requestId, error: error.name });
    return errorResponse(new GatewayError('INTERNAL', 'Internal error'));
  });
  return app;
}
