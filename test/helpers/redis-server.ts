import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/**
 * Throwaway redis-server processes a test owns (and may kill and restart), unlike the shared
 * server of test/helpers/redis.ts. No persistence: a restart is an empty Redis, like a failover
 * to a fresh replica. Needs `redis-server` on PATH (installed locally and in CI).
 */
export const REDIS_SERVER = process.env['REDIS_SERVER_BIN'] ?? 'redis-server';

/** A port nothing listens on right now: bind an ephemeral one, then free it. */
export const freePort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};

const ping = async (port: number): Promise<boolean> => {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, connectTimeout: 300 });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
};

export interface ThrowawayRedis {
  port: number;
  url: string;
  /** Kills the server (SIGKILL: a crash, no goodbye to clients). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** Stops it for good and removes its working directory. */
  close(): Promise<void>;
  readonly running: boolean;
}

export async function startThrowawayRedis(options: { port?: number; extraArgs?: string[]; dir?: string } = {}): Promise<ThrowawayRedis> {
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'caregate-redis-'));
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...(options.extraArgs ?? [])], {
      stdio: 'ignore',
    });
    let spawnError: Error | null = null;
    child.on('error', (error) => (spawnError = error));
    const deadline = Date.now() + 5000;
    while (!(await ping(port))) {
      if (spawnError) throw new Error(`cannot run ${REDIS_SERVER} (install redis-server or set REDIS_SERVER_BIN): ${(spawnError as Error).message}`);
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    close: async () => {
      await stop();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
    get running() {
      return child !== null;
    },
  };
}

export interface ThrowawayCluster {
  nodes: ThrowawayRedis[];
  /** REDIS_CLUSTER_NODES value. */
  seeds: string;
  stop(): Promise<void>;
}

/** Three masters, no replicas, slots spread by `redis-cli --cluster create`. */
export async function startThrowawayCluster(): Promise<ThrowawayCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'caregate-cluster-'));
  const nodes: ThrowawayRedis[] = [];
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    nodes.push(
      await startThrowawayRedis({
        port,
        dir,
        extraArgs: ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '2000'],
      }),
    );
  }
  const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
  const created = spawnSync('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8' });
  if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stderr || created.stdout}`);
  // Wait until every node agrees the cluster is up.
  const deadline = Date.now() + 10_000;
  for (const node of nodes) {
    for (;;) {
      const info = spawnSync('redis-cli', ['-p', String(node.port), 'cluster', 'info'], { encoding: 'utf8' }).stdout;
      if (info.includes('cluster_state:ok')) break;
      if (Date.now() > deadline) throw new Error('redis cluster did not become ready');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    nodes,
    seeds: addresses.join(','),
    stop: async () => {
      await Promise.all(nodes.map((node) => node.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
