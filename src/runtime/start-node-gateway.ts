import type { AddressInfo } from 'node:net';
import type { GatewayConfig } from '../../config/schema';
import { createJsonLogger, isLogLevel } from '../observability/json-logger';
import type { AuditSink } from '../ports/audit-sink';
import { systemClock, type Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { buildContainer, type Container } from './container';
import { loadConfigFromFile, withSandboxPublicUrl } from './load-config-node';
import { createServer } from 'node:http';
import { createNodeRequestHandler } from './node-server';
import { waitForRedisReady } from '../../adapters/state/redis';
import { createNodeState } from './node-state';
import { withAuditStream } from './with-audit-stream';
import { createStdoutAuditSink } from '../audit/stdout-audit-sink';
import { resolveSandboxUrls } from './resolve-sandbox-urls';
import { startSandboxSimulators, type SandboxSimulators } from './sandbox';

export interface StartOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** 0 = any free port (tests). Default: PORT or 8787. */
  port?: number;
  /** Tests adjust the loaded config (extra partners, short TTLs). */
  adjustConfig?: (config: GatewayConfig) => GatewayConfig;
  logger?: Logger;
  auditSink?: AuditSink;
  clock?: Clock;
  /** Reuse already-started simulators (tests share them across gateway instances). */
  simulators?: SandboxSimulators;
}

export interface RunningGateway {
  url: string;
  port: number;
  container: Container;
  simulators: SandboxSimulators | null;
  close(): Promise<void>;
}

/** Everything `npm start` does, callable from tests: config, sandbox simulators, state, container, server. */
export async function startNodeGateway(options: StartOptions): Promise<RunningGateway> {
  const { env } = options;
  const level = env['LOG_LEVEL'];
  const logger = options.logger ?? createJsonLogger({ level: isLogLevel(level) ? level : 'info' });
  const clock = options.clock ?? systemClock;
  const port = options.port ?? Number(env['PORT'] ?? 8787);
  let { config } = loadConfigFromFile(env['CAREGATE_CONFIG']);
  const needsSimulators = config.sources.some((source) => source.baseUrl.startsWith('sandbox://'));
  const ownSimulators = needsSimulators && !options.simulators;
  const simulators = needsSimulators ? (options.simulators ?? (await startSandboxSimulators())) : null;
  if (simulators) config = resolveSandboxUrls(config, simulators.urls);
  if (options.adjustConfig) config = options.adjustConfig(config);

  // REDIS_NAMESPACE: first segment of every key (default caregate), so deployments or test runs can share a server.
  const state = createNodeState({ redisUrl: env['REDIS_URL'], clock, logger, namespace: env['REDIS_NAMESPACE'] });
  if (state.redis && !(await waitForRedisReady(state.redis, 3000))) {
    logger.warn('redis unreachable at start; serving without shared cache until it returns');
  }
  // Listen first: in the sandbox the token issuer/audience follow the port actually bound.
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  const container = await buildContainer({
    config: withSandboxPublicUrl(config, actualPort),
    env: (name) => env[name] ?? simulators?.secrets[name],
    fetch: globalThis.fetch,
    clock,
    logger,
    cache: state.cache,
    store: state.store,
    ...(state.readiness ? { stateReadiness: state.readiness } : {}),
    auditSink: withAuditStream(options.auditSink ?? createStdoutAuditSink(), state.auditStream, logger),
    rateLimiter: state.rateLimiter,
  });
  server.on('request', createNodeRequestHandler(container));
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    container,
    simulators,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await state.close();
      if (ownSimulators) await simulators?.close();
    },
  };
}
