import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createAccessTokenIssuer } from '../src/auth/access-token-issuer';
import { systemClock } from '../src/ports/clock';
import { gatewayKeysFromConfig } from '../src/runtime/gateway-keys-from-config';
import { loadConfigFromFile, withSandboxPublicUrl } from '../src/runtime/load-config-node';
import { startSandboxSimulators } from '../src/runtime/sandbox';
import { benchX12Parse } from './bench-x12';
import { measureWorkerColdStart } from './bench/worker-cold-start';

/**
 * `npm run bench`: throughput and latency on loopback. Protocol: each server under test runs
 * in its own process pinned to core 0; this process (autocannon + simulators) is pinned to
 * core 1. Warm-up, then measured runs alternating between scenarios; medians are quoted.
 */
const DURATION_S = Number(process.env['BENCH_SECONDS'] ?? 5);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const CONNECTIONS = 20;
const hasTaskset = await new Promise<boolean>((resolve) => spawn('taskset', ['-c', '1', 'true']).on('exit', (code) => resolve(code === 0)).on('error', () => resolve(false)));
if (hasTaskset) spawn('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });

interface Scenario {
  name: string;
  request: { path: string; method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string };
}

interface StartedServer {
  port: number;
  stop(): Promise<void>;
}

/** Starts one server under test in its own process group (so stopping it stops npx/tsx/node alike). */
async function startServer(args: string[]): Promise<StartedServer> {
  const command = hasTaskset ? 'taskset' : 'npx';
  const commandArgs = hasTaskset ? ['-c', '0', 'npx', 'tsx', 'scripts/bench/servers.ts', ...args] : ['tsx', 'scripts/bench/servers.ts', ...args];
  // NODE_ENV=production as deployed: graphql-js skips its development-only instanceof checks.
  const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'inherit'], detached: true, env: { ...process.env, NODE_ENV: 'production' } });
  let port = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    const ready = /^ready (\d+)$/.exec(line);
    if (ready) {
      port = Number(ready[1]);
      break;
    }
  }
  if (!port) throw new Error(`server ${args[0]} exited before it was ready`);
  return {
    port,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      process.kill(-(child.pid as number), 'SIGTERM');
      await exited;
    },
  };
}

async function measure(port: number, scenario: Scenario, seconds: number) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${scenario.request.path}`,
    method: scenario.request.method,
    headers: scenario.request.headers,
    body: scenario.request.body,
    connections: CONNECTIONS,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${scenario.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const simulators = await startSandboxSimulators();
const [hono, yoga, gateway] = await Promise.all([
  startServer(['hono', '0']),
  startServer(['yoga', '0']),
  startServer(['gateway', '0', JSON.stringify({ urls: simulators.urls, secrets: simulators.secrets })]),
]);
const servers = [hono, yoga, gateway];
// The sandbox's token issuer follows the port the gateway bound.
const config = withSandboxPublicUrl(loadConfigFromFile(undefined).config, gateway.port);
const issuer = createAccessTokenIssuer({ keys: await gatewayKeysFromConfig(config, () => undefined), issuer: config.publicUrl, audience: config.audience, ttlSeconds: 300, clock: systemClock });
const { token } = await issuer.issue({ partnerId: 'sandbox-internal', scopes: ['patient.read'] });
const patientId = btoa('Patient:sandbox-ehr:a4a401d1-a46a-eb4a-8a38-760d5d79d6ec').replace(/=+$/, '');
const graphqlPost = (query: string, headers: Record<string, string> = {}) => ({
  path: '/graphql',
  method: 'POST' as const,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify({ query }),
});

const scenarios: (Scenario & { port: number })[] = [
  { name: 'bare hono hello', port: hono.port, request: { path: '/', method: 'GET' } },
  { name: 'bare yoga constant query', port: yoga.port, request: graphqlPost('{ hello }') },
  {
    name: 'gateway cached patient',
    port: gateway.port,
    request: graphqlPost(`{ patient(id: "${patientId}") { id name { family given } birthDate } }`, { authorization: `Bearer ${token}` }),
  },
];

const results = new Map<string, { rps: number[]; p50: number[]; p99: number[] }>();
try {
  for (const scenario of scenarios) await measure(scenario.port, scenario, 2); // warm-up (JIT, caches)
  for (let round = 0; round < ROUNDS; round++) {
    for (const scenario of scenarios) {
      const run = await measure(scenario.port, scenario, DURATION_S);
      const entry = results.get(scenario.name) ?? { rps: [], p50: [], p99: [] };
      entry.rps.push(run.rps);
      entry.p50.push(run.p50);
      entry.p99.push(run.p99);
      results.set(scenario.name, entry);
    }
  }
} finally {
  await Promise.all(servers.map((server) => server.stop()));
  await simulators.close();
}

console.log(`\nloopback, ${CONNECTIONS} connections, ${ROUNDS} x ${DURATION_S}s alternating, medians${hasTaskset ? ', server on core 0, load on core 1' : ' (no taskset: unpinned)'}`);
console.log('scenario                      req/s     p50 ms   p99 ms');
for (const [name, entry] of results) {
  console.log(`${name.padEnd(28)} ${median(entry.rps).toFixed(0).padStart(7)}  ${median(entry.p50).toFixed(1).padStart(7)}  ${median(entry.p99).toFixed(1).padStart(7)}`);
}
const yogaRps = median(results.get('bare yoga constant query')?.rps ?? [0]);
const gatewayRps = median(results.get('gateway cached patient')?.rps ?? [0]);
console.log(`ratio gateway / bare yoga: ${(gatewayRps / yogaRps).toFixed(2)} (target >= 0.7)`);

const x12 = await benchX12Parse();
console.log(`271 parse throughput: ${x12.mbPerSecond.toFixed(1)} MB/s (largest fixture, ${x12.bytes} bytes per parse)`);

const cold = await measureWorkerColdStart(Number(process.env['BENCH_COLD_RUNS'] ?? 5));
console.log(
  `worker cold start in workerd (median of ${cold.runs}, bundle ${(cold.gzipBytes / 1024).toFixed(0)} KiB gzip): ` +
    `${cold.totalMs.toFixed(0)} ms new Miniflare -> first GraphQL answer (workerd up ${cold.runtimeReadyMs.toFixed(0)} ms, ` +
    `first request ${cold.firstRequestMs.toFixed(0)} ms, then warm ${cold.warmRequestMs.toFixed(1)} ms)`,
);
// Child servers are gone and simulators closed; exit even if a keep-alive socket lingers.
process.exit(0);
