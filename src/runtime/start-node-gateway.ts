import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { GatewayConfig } from '../../config/schema';
import { createJsonLogger } from '../observability/json-logger';
import type { AuditSink } from '../ports/audit-sink';
import { systemClock, type Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { buildContainer, type Container } from './container';
import { withSandboxPublicUrl } from './load-config-node';
import { createServer } from 'node:http';
import { createNodeRequestHandler } from './node-server';
import { createNodeTraceScope } from './node-trace-scope';
import { httpServerOptions } from './http-server-timeouts';
import { isRedisReady, waitForRedisReady } from '../../adapters/state/redis';
import { ConfigProblems } from '../../config/parse-config';
import { createGatewayMetrics } from '../observability/gateway-metrics';
import type { ValueEncryption } from '../crypto/value-encryption';
import { makeGraceful } from './graceful-server';
import { registerNodeProcessMetrics } from './node-process-metrics';
import { createNodeState, persistenceWarning } from './node-state';
import { createRedisRideEvents } from './redis-ride-events';
import { withAuditStream } from './with-audit-stream';
import { createStdoutAuditSink } from '../audit/stdout-audit-sink';
import { resolveSandboxUrls } from './resolve-sandbox-urls';
import { sandboxAt, startSandboxSimulators, type SandboxSimulators } from './sandbox';
import { listenHost, type NodeEnv } from './node-env';
import { nodeValueEncryption, readNodeEnvAndConfig } from './node-startup-check';
import { checkConfigEnvironment } from './config-environment-check';

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
  /** Where to call it (127.0.0.1 when bound to every interface). */
  url: string;
  port: number;
  /** The address the server is bound to (HOST): `0.0.0.0` = every IPv4 interface. */
  host: string;
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

/** The loopback or bound address to call the server at: a wildcard bind is reached on 127.0.0.1. */
const callableUrl = (address: AddressInfo): string => {
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
};

interface Prepared {
  nodeEnv: NodeEnv;
  config: GatewayConfig;
  simulators: SandboxSimulators | null;
  ownSimulators: boolean;
  encryption: ValueEncryption | undefined;
  secrets: (name: string) => string | undefined;
}

/**
 * Environment, config, simulators and every secret and key the config names, checked before
 * anything else starts: all problems are reported in one ConfigError, not one per restart.
 */
async function prepare(options: StartOptions, clock: Clock): Promise<Prepared> {
  const { env } = options;
  const problems = new ConfigProblems();
  const { nodeEnv, config: loaded } = readNodeEnvAndConfig(env, problems);
  if (!loaded) throw problems.toError();
  let config = loaded;
  // Values in Redis hold PHI: production refuses to run Redis without a key.
  const encryption = await nodeValueEncryption(env, config.mode, problems);
  const needsSimulators = config.sources.some((source) => source.baseUrl.startsWith('sandbox://'));
  // SANDBOX_URLS (simulator name -> URL): simulators already running elsewhere (load tests, child-process tests).
  const given = options.simulators ?? (nodeEnv?.sandboxUrls ? sandboxAt(nodeEnv.sandboxUrls) : undefined);
  const ownSimulators = needsSimulators && !given;
  const simulators = needsSimulators ? (given ?? (await startSandboxSimulators(config))) : null;
  if (simulators) config = resolveSandboxUrls(config, simulators.urls);
  if (options.adjustConfig) config = options.adjustConfig(config);
  const secrets = (name: string) => env[name] ?? simulators?.secrets[name];
  await checkConfigEnvironment(config, { env: secrets, clock }, problems);
  if (!nodeEnv || problems.list.length > 0) {
    if (ownSimulators) await simulators?.close();
    throw problems.toError();
  }
  return { nodeEnv, config, simulators, ownSimulators, encryption, secrets };
}

/** Everything `npm start` does, callable from tests: config, sandbox simulators, state, container, server. */
export async function startNodeGateway(options: StartOptions): Promise<RunningGateway> {
  const clock = options.clock ?? systemClock;
  const { nodeEnv, config, simulators, ownSimulators, encryption, secrets } = await prepare(options, clock);
  const logger = options.logger ?? createJsonLogger({ level: nodeEnv.logLevel });
  const port = options.port ?? nodeEnv.port;
  // HTTP_HEADERS_TIMEOUT_MS / HTTP_REQUEST_TIMEOUT_MS / HTTP_KEEP_ALIVE_TIMEOUT_MS: slow clients are cut.
  const serverOptions = httpServerOptions(nodeEnv.httpTimeouts);

  // REDIS_NAMESPACE: first segment of every key (default caregate), so deployments or test runs can share a server.
  // REDIS_CLUSTER_NODES (host:port,...) selects Redis Cluster instead of REDIS_URL.
  const state = createNodeState({
    redisUrl: nodeEnv.redis.url,
    redisClusterNodes: nodeEnv.redis.clusterNodes,
    clock,
    logger,
    namespace: nodeEnv.redis.namespace,
    codec: encryption,
    requirePersistence: config.mode === 'production',
  });
  if (encryption) logger.info('redis values encrypted (AES-256-GCM)', { keyIds: encryption.keyIds.join(',') });
  if (state.redis && !(await waitForRedisReady(state.redis, nodeEnv.redis.startWaitMs))) {
    logger.warn('redis unreachable at start; serving without shared cache until it returns');
  }
  const persistence = state.redis && config.mode === 'production' ? await persistenceWarning(state.redis).catch(() => null) : null;
  if (persistence) logger.warn('redis persistence', { persistence: persistence.slice(0, persistence.indexOf(':')) });
  const metrics = createGatewayMetrics();
  registerNodeProcessMetrics(metrics.registry);
  const redis = state.redis;
  metrics.stateBackendUp(() => (redis ? isRedisReady(redis) : true));
  // Listen first: in the sandbox the token issuer/audience follow the port actually bound.
  // HOST: every interface outside the sandbox (a container must be reachable), loopback in it.
  const server = createServer(serverOptions);
  const graceful = makeGraceful(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, listenHost(nodeEnv, config.mode), () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = callableUrl(address);
  // rideUpdated reaches subscribers on every instance through Redis pub/sub when there is a Redis.
  const rideEvents = state.redis ? createRedisRideEvents({ redis: state.redis, namespace: nodeEnv.redis.namespace, logger }) : null;
  // W3C trace context per request, kept across awaits so every upstream call sends it on.
  const traceScope = createNodeTraceScope();
  const container = await buildContainer({
    // PUBLIC_URL: where partners reach the gateway (a load balancer in front of several instances):
    // token `iss`/`aud` must then be the same on every instance, not each one's own port.
    config: nodeEnv.publicUrl ? { ...config, publicUrl: nodeEnv.publicUrl } : withSandboxPublicUrl(config, address.port),
    env: secrets,
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
    traceScope,
    ...(rideEvents ? { rideEvents: { eventTarget: rideEvents.eventTarget, topic: rideEvents.topic } } : {}),
  });
  server.on('request', createNodeRequestHandler(container, traceScope));
  simulators?.attachGateway(url, container.config);
  // Polls each ride source's active rides (lost webhooks, appointments cancelled upstream).
  const stopRideReconciliation = container.rides?.reconciler.start();
  return {
    url,
    port: address.port,
    host: address.address,
    container,
    simulators,
    inFlight: graceful.inFlight,
    close: async (closeOptions = {}) => {
      const deadlineMs = closeOptions.deadlineMs ?? nodeEnv.shutdown.deadlineMs;
      const drainDelayMs = closeOptions.drainDelayMs ?? nodeEnv.shutdown.drainDelayMs;
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
