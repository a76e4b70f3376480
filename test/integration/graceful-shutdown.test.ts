import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/domain/global-id';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy';
import { freePort, startThrowawayRedis, type ThrowawayRedis } from '../helpers/redis-server';

/**
 * `npm start` as a child process (src/runtime/node.ts), sent SIGTERM while a slow request is
 * in flight: the request completes, new connections are refused, Redis is closed, exit 0.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let simulators: SandboxSimulators;
let slowEhr: FaultProxy;
let redis: ThrowawayRedis;
let child: ChildProcess | undefined;

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  slowEhr = await startFaultProxy(simulators.urls['fhir'] as string);
  redis = await startThrowawayRedis();
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await redis?.close();
  await slowEhr?.close();
  await simulators?.close();
});

const redisClients = async (): Promise<number> => {
  const { Redis } = await import('ioredis');
  const raw = new Redis(redis.url);
  try {
    const list = (await raw.client('LIST')) as string;
    return list.split('\n').filter((line) => line.includes('cmd=') && !line.includes('cmd=client')).length;
  } finally {
    raw.disconnect();
  }
};

describe('graceful shutdown on SIGTERM', () => {
  it('finishes the in-flight request, refuses new connections, closes Redis and exits 0', async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/node.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'],
        PORT: String(port),
        LOG_LEVEL: 'warn',
        REDIS_URL: redis.url,
        SHUTDOWN_DEADLINE_MS: '10000',
        SANDBOX_URLS: JSON.stringify({ ...simulators.urls, fhir: slowEhr.url }),
        ...simulators.secrets,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const deadline = Date.now() + 20_000;
    while (!/Authorization: (Bearer \S+)/.test(stderr)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`gateway did not start:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const authorization = /Authorization: (Bearer \S+)/.exec(stderr)?.[1] as string;
    const base = `http://127.0.0.1:${port}`;
    expect(await redisClients()).toBeGreaterThan(0);

    const bundle = (await (await fetch(`${simulators.urls['fhir']}/Patient?_count=1`)).json()) as { entry: { resource: { id: string } }[] };
    const id = encodeGlobalId({ type: 'Patient', sourceId: 'sandbox-ehr', localId: bundle.entry[0]?.resource.id as string });
    slowEhr.set({ kind: 'delay', ms: 3000 });
    const started = performance.now();
    const slow = fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: 'query P($id: ID!) { patient(id: $id) { id name { family } } }', variables: { id } }),
    });
    let slowSettled = false;
    void slow.finally(() => (slowSettled = true)).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 400)); // the request is waiting on the slow EHR now
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    // No longer accepting, while the in-flight request still waits on the EHR. Polled, so a busy
    // machine that takes longer to close the listener changes the wait, not the verdict.
    const refusedBy = Date.now() + 2000;
    let refused = false;
    while (!refused && Date.now() < refusedBy) {
      refused = await fetch(`${base}/healthz`).then(
        () => false,
        () => true,
      );
      if (!refused) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(refused).toBe(true);
    expect(slowSettled).toBe(false);

    const response = await slow;
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data?: { patient: { id: string } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.patient.id).toBe(id);
    expect(performance.now() - started).toBeGreaterThan(2900); // it really waited on the upstream

    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(stderr).toContain('SIGTERM: draining in-flight requests');
    expect(await redisClients()).toBe(0); // the gateway closed its Redis connections
  }, 40_000);
});
