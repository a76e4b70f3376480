import { createMemoryCache, createMemoryStore } from '../../adapters/state/memory';
import { parseConfig } from '../../config/parse-config';
import sandboxConfig from '../../config/sandbox.json';
import { createJsonLogger, isLogLevel } from '../observability/json-logger';
import { systemClock } from '../ports/clock';
import { buildContainer, type Container } from './container';
import { resolveSandboxUrls } from './resolve-sandbox-urls';

/**
 * Cloudflare Workers entry. The container is built once per isolate from `env` bindings:
 * CAREGATE_CONFIG (JSON text var; default: the sandbox config), SANDBOX_URLS (JSON map of
 * simulator name -> URL, sandbox only), secrets as Worker secrets. State is per-isolate
 * memory here; shared Workers-native state is a later step.
 */
type WorkerEnv = Record<string, unknown>;

let containerPromise: Promise<Container> | undefined;

async function buildWorkerContainer(env: WorkerEnv): Promise<Container> {
  const text = (name: string) => (typeof env[name] === 'string' ? (env[name] as string) : undefined);
  const level = text('LOG_LEVEL');
  const logger = createJsonLogger({ level: isLogLevel(level) ? level : 'info' });
  let config = parseConfig(text('CAREGATE_CONFIG') ? JSON.parse(text('CAREGATE_CONFIG') as string) : sandboxConfig);
  const sandboxUrls = text('SANDBOX_URLS');
  if (sandboxUrls) config = resolveSandboxUrls(config, JSON.parse(sandboxUrls) as Record<string, string>);
  return buildContainer({
    config,
    env: text,
    fetch: (input, init) => fetch(input, init),
    clock: systemClock,
    logger,
    cache: createMemoryCache({ clock: systemClock, maxEntries: 5_000 }),
    store: createMemoryStore({ clock: systemClock }),
  });
}

export default {
  async fetch(request: Request, env: WorkerEnv): Promise<Response> {
    containerPromise ??= buildWorkerContainer(env).catch((error: unknown) => {
      containerPromise = undefined; // let the next request retry a failed start
      throw error;
    });
    const container = await containerPromise;
    return container.app.fetch(request);
  },
};
