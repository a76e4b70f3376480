import { createHash } from 'node:crypto';
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
import { httpServerOptions, httpServerTimeoutsFromEnv } from './http-server-timeouts';
import { isRedisReady, waitForRedisReady } from '../../adapters/state/redis';
import { ConfigError } from '../../config/parse-config';
import { createGatewayMetrics } from '../observability/gateway-metrics';
import { createValueEncryption, EncryptionKeyError, type ValueEncryption } from '../crypto/value-encryption';
import { makeGraceful } from './graceful-server';
import { registerNodeProcessMetrics } from './node-process-metrics';
import { createNodeState, persistenceWarning } from './node-state';
import { createRedisRideEvents } from './redis-ride-events';
import { withAuditStream } from './with-audit-stream';
import { createStdoutAuditSink } from '../audit/stdout-audit-sink';
import { resolveSandboxUrls } from './resolve-sandbox-urls';
import { sandboxAt, startSandboxSimulators, type SandboxSimulators } from './sandbox';

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
  /**
   * Graceful stop: /readyz turns 503 and, after `drainDelayMs` (SHUTDOWN_DRAIN_DELAY_MS, default 0;
   * set it above the load balancer's health-check interval), no new connections; in-flight
   * requests finish (up to `deadlineMs`, SHUTDOWN_DEADLINE_MS, default 10 s), then Redis is
   * closed. Resolves false when requests had to be cut.
   */
  close(options?: { deadlineMs?: number; drainDelayMs?: number }): Promise<boolean>;
  /** Requests being handled right now. */
  inFlight(): number;
}

/** Values in Redis hold PHI: sealed with CACHE_ENCRYPTION_KEY(S); production refuses to run Redis without a key. */
async function encryptionFor(env: StartOptions['env'], mode: GatewayConfig['mode']): Promise<ValueEncryption | undefined> {
  const redisConfigured = Boolean(env['REDIS_URL'] || env['REDIS_CLUSTER_NODES']);
  const keyText = env['CACHE_ENCRYPTION_KEYS'] || env['CACHE_ENCRYPTION_KEY'];
  if (!keyText) {
    if (redisConfigured && mode === 'production') {
      throw new ConfigError(
        'CACHE_ENCRYPTION_KEY is required in production when Redis is configured (REDIS_URL / REDIS_CLUSTER_NODES): ' +
          'cached records hold PHI. Set it to base64 of 32 random bytes (e.g. `openssl rand -base64 32`); ' +
          'rotate with "newKey,oldKey" (or CACHE_ENCRYPTION_KEYS).',
      );
    }
    return undefined;
  }
  try {
    return await createValueEncryption(keyText);
  } catch (error) {
    if (error instanceof EncryptionKeyError) throw new ConfigError(`CACHE_ENCRYPTION_KEY: ${error.message}`);
    throw error;
  }
}

/** SANDBOX_URLS (JSON: simulator name -> URL): use simulators already running elsewhere (load tests, child-process tests). */
function externalSimulators(env: StartOptions['env']): SandboxSimulators | undefined {
  const text = env['SANDBOX_URLS'];
  if (!text) return undefined;
  return sandboxAt(JSON.parse(text) as Record<string, string>);
}

/** Everything `npm start` does, callable from tests: config, sandbox simulators, state, container, server. */
export async function startNodeGateway(options: StartOptions): Promise<RunningGateway> {
  const { env } = options;
  const level = env['LOG_LEVEL'];
  const logger = options.logger ?? createJsonLogger({ level: isLogLevel(level) ? level : 'info' });
  const clock = options.clock ?? systemClock;
  const port = options.port ?? Number(env['PORT'] ?? 8787);
  // HTTP_HEADERS_TIMEOUT_MS / HTTP_REQUEST_TIMEOUT_MS / HTTP_KEEP_ALIVE_TIMEOUT_MS: slow clients are cut (read before anything starts).
  const serverOptions = httpServerOptions(httpServerTimeoutsFromEnv(env));
  let { config } = loadConfigFromFile(env['CAREGATE_CONFIG']);
  const encryption = await encryptionFor(env, config.mode);
  const needsSimulators = config.sources.some((source) => source.baseUrl.startsWith('sandbox://'));
  const given = options.simulators ?? externalSimulators(env);
  const ownSimulators = needsSimulators && !given;
  const simulators = needsSimulators ? (given ?? (await startSandboxSimulators(config))) : null;
  if (simulators) config = resolveSandboxUrls(config, simulators.urls);
  if (options.adjustConfig) config = options.adjustConfig(config);

  // REDIS_NAMESPACE: first segment of every key (default caregate), so deployments or test runs can share a server.
  // REDIS_CLUSTER_NODES (host:port,...) selects Redis Cluster instead of REDIS_URL.
  const state = createNodeState({
    redisUrl: env['REDIS_URL'],
    redisClusterNodes: env['REDIS_CLUSTER_NODES'],
    clock,
    logger,
    namespace: env['REDIS_NAMESPACE'],
    codec: encryption,
    requirePersistence: config.mode === 'production',
  });
  if (encryption) logger.info('redis values encrypted (AES-256-GCM)', { keyIds: encryption.keyIds.join(',') });
  if (state.redis && !(await waitForRedisReady(state.redis, Number(env['REDIS_START_WAIT_MS'] ?? 3000)))) {
    logger.warn('redis unreachable at start; serving without shared cache until it returns');
  }
  const persistence = state.redis && config.mode === 'production' ? await persistenceWarning(state.redis).catch(() => null) : null;
  if (persistence) logger.warn('redis persistence', { persistence: persistence.slice(0, persistence.indexOf(':')) });
  const metrics = createGatewayMetrics();
  registerNodeProcessMetrics(metrics.registry);
  const redis = state.redis;
  metrics.stateBackendUp(() => (redis ? isRedisReady(redis) : true));
  // Listen first: in the sandbox the token issuer/audience follow the port actually bound.
  const server = createServer(serverOptions);
  const graceful = makeGraceful(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  // rideUpdated reaches subscribers on every instance through Redis pub/sub when there is a Redis.
  const rideEvents = state.redis ? createRedisRideEvents({ redis: state.redis, namespace: env['REDIS_NAMESPACE'] ?? 'caregate', logger }) : null;
  const container = await buildContainer({
    // PUBLIC_URL: where partners reach the gateway (a load balancer in front of several instances):
    // token `iss`/`aud` must then be the same on every instance, not each one's own port.
    config: env['PUBLIC_URL'] ? { ...config, publicUrl: env['PUBLIC_URL'] } : withSandboxPublicUrl(config, actualPort),
    env: (name) => env[name] ?? simulators?.secrets[name],
    fetch: globalThis.fetch,
    clock,
    logger,
    cache: state.cache,
    store: state.store,
    ...(state.readiness ? { stateReadiness: state.readiness } : {}),
    auditSink: withAuditStream(options.auditSink ?? createStdoutAuditSink(), state.auditStream, logger),
    rateLimiter: state.rateLimiter,
    metrics,
    draining: graceful.draining,
    tokenDigest: (token) => createHash('sha256').update(token).digest('base64'),
    ...(rideEvents ? { rideEvents: { eventTarget: rideEvents.eventTarget, topic: rideEvents.topic } } : {}),
  });
  server.on('request', createNodeRequestHandler(container));
  simulators?.attachGateway(`http://127.0.0.1:${actualPort}`, container.config);
  // Polls each ride source's active rides (lost webhooks, appointments cancelled upstream).
  const stopRideReconciliation = container.rides?.reconciler.start();
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    container,
    simulators,
    inFlight: graceful.inFlight,
    close: async (closeOptions = {}) => {
      const deadlineMs = closeOptions.deadlineMs ?? Number(env['SHUTDOWN_DEADLINE_MS'] ?? 10_000);
      const drainDelayMs = closeOptions.drainDelayMs ?? Number(env['SHUTDOWN_DRAIN_DELAY_MS'] ?? 0);
      const { completed, abandoned } = await graceful.drain(deadlineMs + drainDelayMs, drainDelayMs);
      if (!completed) logger.warn('shutdown deadline reached; requests cut', { abandoned });
      stopRideReconciliation?.();
      await rideEvents?.close();
      await state.close();
      if (ownSimulators) await simulators?.close();
      return completed;
    },
  };
}
