import { Hono } from 'hono';
import { GatewayError } from '../domain/errors';
import type { Logger } from '../ports/logger';
import type { GatewayYoga } from '../graphql/create-yoga';
import { errorResponse } from './error-response';
import { sharedReadiness, withRuntimeState, type ReadinessCheck } from './readiness';

export interface AppOptions {
  yoga: GatewayYoga;
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
 * The HTTP surface. /graphql goes to yoga (whose plugins authenticate); on Node the entry
 * may send /graphql straight to yoga's own handler instead (faster), with the same plugins.
 */
export function createApp(options: AppOptions): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  const readiness = sharedReadiness(options.readiness);
  app.get('/readyz', async (c) => {
    const report = withRuntimeState(await readiness(), {
      ...(options.circuits ? { circuits: options.circuits() } : {}),
      draining: options.draining?.() ?? false,
    });
    return c.json(report, report.status === 'unready' ? 503 : 200);
  });
  app.on(['GET', 'POST', 'OPTIONS'], '/graphql', (c) => options.yoga.fetch(c.req.raw));
  options.mount?.(app);
  app.notFound(() => errorResponse(new GatewayError('NOT_FOUND', 'No such route')));
  app.onError((error) => {
    if (error instanceof GatewayError) return errorResponse(error);
    options.logger.error('unhandled error in route', { error: error.name });
    return errorResponse(new GatewayError('INTERNAL', 'Internal error'));
  });
  return app;
}
