import { createJsonLogger, isLogLevel } from '../observability/json-logger';
import { REQUEST_ID_HEADER, requestIdOf } from '../pipeline/request-id';
import type { Container } from './container';
import type { WorkerEnv } from './worker-env';

/** The Durable Object class wrangler.toml binds as STATE: Workers exports it from the entry module. */
export { CaregateState } from '../../adapters/state/durable-object';

/**
 * Cloudflare Workers entry: the container is built once per isolate from `env` bindings (see
 * worker-env.ts) and reused by every request the isolate serves.
 *
 * The gateway's modules are loaded on the first request, not when the isolate starts: workerd
 * refuses some operations in global scope (creating an AbortController, which cockatiel does when
 * its module is evaluated), and a refusal there means the Worker never starts. Keep every static
 * import of this file free of such modules; the workerd tests run the deployed bundle and fail if not.
 */
const loadGateway = () => import('./worker-container');

let containerPromise: Promise<Container> | undefined;

const logger = (env: WorkerEnv) => createJsonLogger({ level: isLogLevel(env.LOG_LEVEL) ? env.LOG_LEVEL : 'info' });

/** The isolate's container, or undefined (logged) when it cannot start; the next call tries again. */
async function gateway(env: WorkerEnv): Promise<Container | undefined> {
  containerPromise ??= loadGateway()
    .then(({ createWorkerContainer }) => createWorkerContainer(env))
    .catch((error: unknown) => {
      containerPromise = undefined;
      throw error;
    });
  try {
    return await containerPromise;
  } catch (error) {
    // ConfigError messages name fields, never values; anything else is reported by name only.
    const reason = error instanceof Error ? (error.name === 'ConfigError' ? error.message : error.name) : 'unknown';
    logger(env).error('gateway start failed', { error: reason });
    return undefined;
  }
}

const notReady = (request: Request) =>
  new Response(JSON.stringify({ errors: [{ message: 'The gateway is not available', extensions: { code: 'INTERNAL', retryable: true } }] }), {
    status: 503,
    headers: { 'content-type': 'application/json', 'retry-after': '5', [REQUEST_ID_HEADER]: requestIdOf(request) },
  });

export default {
  async fetch(request: Request, env: WorkerEnv) {
    const container = await gateway(env);
    return container ? container.app.fetch(request) : notReady(request);
  },

  /**
   * Cron Trigger (wrangler.toml `triggers`): one reconciliation pass over active rides, which the
   * Node server runs on timers (Workers have no background timers). Catches lost webhooks and
   * rides whose appointment was cancelled upstream.
   */
  async scheduled(_controller, env, ctx) {
    const rides = (await gateway(env))?.rides;
    if (!rides) return;
    ctx.waitUntil(rides.reconciler.reconcile().then((report) => logger(env).info('rides reconciled', { ...report })));
  },
} satisfies ExportedHandler<WorkerEnv>;
