import { Hono } from 'hono';
import { GatewayError } from '../domain/errors';
import type { Logger } from '../ports/logger';
import { errorResponse } from '../pipeline/error-response';
import { requestId } from './middleware/request-id';
import { sharedReadiness, withRuntimeState, type ReadinessCheck } from './readiness';

/** GraphQL over HTTP for one request (yoga.fetch with its typed server context); the request id comes from Hono. */
export type GraphqlHandler = (request: Request, serverContext: { requestId: string }) => Response | Promise<Response>;

export interface AppOptions {
  graphql: GraphqlHandler;
  logger: Logger;
  readiness: readonly ReadinessCheck[];
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
 */
export function createApp(options: AppOptions): Hono {
  const app = new Hono();
  app.use(requestId());
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
