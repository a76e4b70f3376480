import { ConfigProblems } from '../../config/parse-config';
import { createJsonLogger, isLogLevel } from '../observability/json-logger';
import { systemClock, type Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { checkConfigEnvironment } from './config-environment-check';
import { buildContainer, type Container } from './container';
import { loadWorkerConfig } from './worker-config';
import { checkWorkerEnv, type WorkerEnv } from './worker-env';
import { createWorkerState, workerValueEncryption } from './worker-state';

export const workerLogger = (env: WorkerEnv): Logger =>
  createJsonLogger({ level: isLogLevel(env.LOG_LEVEL) ? env.LOG_LEVEL : 'info' });

/**
 * The gateway for one isolate, from its bindings: config (var, KV or bundled sandbox),
 * secrets (string bindings), Workers-native state. Audit goes to the container's default
 * sink, JSON lines on the console (Workers Logs / Logpush route them). Every problem of the
 * bindings, the config and the secrets it names is reported in one ConfigError.
 */
export async function createWorkerContainer(env: WorkerEnv, options: { clock?: Clock; logger?: Logger } = {}): Promise<Container> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? workerLogger(env);
  const problems = new ConfigProblems();
  checkWorkerEnv(env, problems);
  const config = await loadWorkerConfig(env).catch((error: unknown) => {
    if (problems.list.length === 0) throw error;
    problems.absorb(error);
    throw problems.toError();
  });
  const secrets = (name: string) => (typeof env[name] === 'string' ? env[name] : undefined);
  const codec = await workerValueEncryption(env, config.mode, problems);
  const state = problems.attempt(() => createWorkerState(env, { config, clock, logger, codec }));
  await checkConfigEnvironment(config, { env: secrets, clock }, problems);
  if (!state || problems.list.length > 0) throw problems.toError();
  return buildContainer({
    config,
    env: secrets,
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
