import { createJsonLogger, isLogLevel } from '../observability/json-logger';
import { systemClock, type Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { buildContainer, type Container } from './container';
import { loadWorkerConfig } from './worker-config';
import type { WorkerEnv } from './worker-env';
import { createWorkerState, workerValueEncryption } from './worker-state';

export const workerLogger = (env: WorkerEnv): Logger =>
  createJsonLogger({ level: isLogLevel(env.LOG_LEVEL) ? env.LOG_LEVEL : 'info' });

/**
 * The gateway for one isolate, from its bindings: config (var, KV or bundled sandbox),
 * secrets (string bindings), Workers-native state. Audit goes to the container's default
 * sink, JSON lines on the console (Workers Logs / Logpush route them).
 */
export async function createWorkerContainer(env: WorkerEnv, options: { clock?: Clock; logger?: Logger } = {}): Promise<Container> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? workerLogger(env);
  const config = await loadWorkerConfig(env);
  const state = createWorkerState(env, { config, clock, logger, codec: await workerValueEncryption(env, config.mode) });
  return buildContainer({
    config,
    env: (name) => (typeof env[name] === 'string' ? (env[name]) : undefined),
    // A bare reference to the global fetch, called as a method of something else, throws "Illegal invocation" on Workers.
    fetch: (input, init) => fetch(input, init),
    clock,
    logger,
    cache: state.cache,
    store: state.store,
    rateLimiter: state.rateLimiter,
    ...(state.readiness ? { stateReadiness: state.readiness } : {}),
  });
}
