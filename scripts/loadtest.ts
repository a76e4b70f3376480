import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { sandboxScenarioMembers } from '../adapters/eligibility/sandbox-members';
import { createAccessTokenIssuer } from '../src/auth/access-token-issuer';
import { encodeGlobalId } from '../src/domain/global-id';
import { systemClock } from '../src/ports/clock';
import { gatewayKeysFromConfig } from '../src/runtime/gateway-keys-from-config';
import { loadConfigFromFile } from '../src/runtime/load-config-node';
import { startSandboxSimulators } from '../src/runtime/sandbox';
import { startFaultProxy } from '../test/helpers/fault-proxy';
import { parsePrometheusText } from '../test/helpers/prometheus-text';
import { freePort, startThrowawayRedis } from '../test/helpers/redis-server';

/**
 * `npm run loadtest`: the sandbox gateway (`src/runtime/node.ts` in a child process, Redis with
 * encryption at rest) under a fixed request rate on loopback, three phases of LOADTEST_SECONDS
 * (default 60) each with the same mixed query set:
 *   steady           — everything healthy;
 *   redis restart    — the redis-server is killed a third in and started again (empty) later;
 *   ehr half failing — the FHIR upstream answers 503 to half its calls, at random.
 * Reports requests, HTTP and GraphQL errors (by code), STALE answers, p50/p99 and the gateway's
 * RSS (from its own /metrics, sampled every second) at the start and end of each phase, with the
 * phase's lowest sample, in one table. Memory growth is judged on those floors: V8 lets the heap
 * grow by tens of MB between major collections (a sawtooth), so two random samples say little,
 * while a leak raises the floor.
 */
const SECONDS = Number(process.env['LOADTEST_SECONDS'] ?? 60);
const RATE = Number(process.env['LOADTEST_RATE'] ?? 100);
const CONNECTIONS = 20;
const PUBLIC_URL = 'http://loadtest.caregate';

const simulators = await startSandboxSimulators();
const fhir = await startFaultProxy(simulators.urls['fhir'] as string);
const redis = await startThrowawayRedis();
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const encryptionKey = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
const gateway = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/node.ts'], {
  env: {
    PATH: process.env['PATH'],
    PORT: String(port),
    PUBLIC_URL,
    LOG_LEVEL: 'error',
    REDIS_URL: redis.url,
    CACHE_ENCRYPTION_KEY: encryptionKey,
    SANDBOX_URLS: JSON.stringify({ ...simulators.urls, fhir: fhir.url }),
    ...simulators.secrets,
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});

const shutdown = async () => {
  if (gateway.exitCode === null) {
    gateway.kill('SIGTERM');
    await once(gateway, 'exit');
  }
  await redis.close();
  await fhir.close();
  await simulators.close();
};

try {
  for (let started = Date.now(); ; ) {
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) break;
    if (Date.now() - started > 30_000 || gateway.exitCode !== null) throw new Error('gateway did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const config = loadConfigFromFile(undefined).config;
  const issuer = createAccessTokenIssuer({ keys: await gatewayKeysFromConfig(config, () => undefined), issuer: PUBLIC_URL, audience: config.audience, ttlSeconds: 300, clock: systemClock });
  const token = async () => (await issuer.issue({ partnerId: 'sandbox-internal', scopes: ['patient.read', 'appointment.read', 'coverage.read', 'eligibility.read'] })).token;

  const bundle = (await (await fetch(`${simulators.urls['fhir']}/Patient?_count=6`)).json()) as { entry: { resource: { id: string; name?: { family?: string }[] } }[] };
  const patients = bundle.entry.map((entry) => ({ id: encodeGlobalId({ type: 'Patient', sourceId: 'sandbox-ehr', localId: entry.resource.id }), family: entry.resource.name?.[0]?.family ?? 'Smith' }));
  const gql = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });
  const PATIENT = 'query CachedPatient($id: ID!) { patient(id: $id) { id name { family given } birthDate freshness { state } } }';
  const APPOINTMENTS = 'query Appointments($id: ID!) { patient(id: $id) { id appointments { start status practitioners { name { family } } } } }';
  const ELIGIBILITY = 'query Eligibility($input: EligibilityInput!) { eligibility(input: $input) { status freshness { state } } }';
  const SEARCH = 'query Search($family: String!) { patients(search: { family: $family }, first: 5) { edges { node { id } } } }';
  const members = [
    { payerId: 'SANDBOX-PAYER-1', memberId: sandboxScenarioMembers.activePpo },
    { payerId: 'SANDBOX-PAYER-2', memberId: sandboxScenarioMembers.activeHdhp },
  ];
  const bodies = patients.flatMap((patient, index) => [
    gql(PATIENT, { id: patient.id }),
    gql(APPOINTMENTS, { id: patient.id }),
    gql(ELIGIBILITY, { input: { payerId: members[index % 2]?.payerId, subscriber: { memberId: members[index % 2]?.memberId }, dateOfService: '2030-01-15' } }),
    gql(SEARCH, { family: patient.family }),
  ]);

  const rss = async () => parsePrometheusText(await (await fetch(`${base}/metrics`)).text()).value('process_resident_memory_bytes');

  interface PhaseResult {
    name: string;
    requests: number;
    non2xx: number;
    connectionErrors: number;
    graphqlErrors: Map<string, number>;
    stale: number;
    p50: number;
    p99: number;
    rssStart: number;
    rssEnd: number;
    rssFloor: number;
  }

  const runPhase = async (name: string, seconds: number, during?: (elapsedFraction: (f: number) => Promise<void>) => Promise<void>): Promise<PhaseResult> => {
    const graphqlErrors = new Map<string, number>();
    let stale = 0;
    const onResponse = (_status: number, body: string) => {
      if (body.includes('"STALE"')) stale++;
      if (!body.includes('"errors"')) return;
      try {
        for (const error of (JSON.parse(body) as { errors?: { extensions?: { code?: string } }[] }).errors ?? []) {
          const code = error.extensions?.code ?? 'UNKNOWN';
          graphqlErrors.set(code, (graphqlErrors.get(code) ?? 0) + 1);
        }
      } catch {
        graphqlErrors.set('UNPARSEABLE', (graphqlErrors.get('UNPARSEABLE') ?? 0) + 1);
      }
    };
    const authorization = `Bearer ${await token()}`;
    const samples = [await rss()];
    const sampler = setInterval(() => void rss().then((value) => samples.push(value), () => undefined), 1000);
    const started = Date.now();
    const at = (fraction: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, started + fraction * seconds * 1000 - Date.now())));
    const load = autocannon({
      url: `${base}/graphql`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      connections: CONNECTIONS,
      overallRate: RATE,
      duration: seconds,
      requests: bodies.map((body) => ({ method: 'POST' as const, path: '/graphql', body, onResponse })),
    });
    const scripted = during ? during(at) : Promise.resolve();
    const [result] = await Promise.all([load, scripted]);
    clearInterval(sampler);
    samples.push(await rss());
    return {
      name,
      requests: result.requests.total,
      non2xx: result.non2xx,
      connectionErrors: result.errors,
      graphqlErrors,
      stale,
      p50: result.latency.p50,
      p99: result.latency.p99,
      rssStart: samples[0] ?? 0,
      rssEnd: samples[samples.length - 1] ?? 0,
      rssFloor: Math.min(...samples),
    };
  };

  console.error(`warm-up (10 s), then 3 phases of ${SECONDS} s at ${RATE} req/s, ${CONNECTIONS} connections`);
  await runPhase('warm-up', 10);
  const results: PhaseResult[] = [];
  results.push(await runPhase('steady', SECONDS));
  results.push(
    await runPhase('redis restart', SECONDS, async (at) => {
      await at(1 / 3);
      await redis.stop();
      console.error('  redis-server killed');
      await at(0.58);
      await redis.start();
      console.error('  redis-server started again (empty)');
    }),
  );
  fhir.set({ kind: 'fail-half', status: 503 });
  results.push(await runPhase('ehr half failing', SECONDS));
  fhir.set({ kind: 'pass' });

  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const codes = (errors: Map<string, number>) => [...errors].map(([code, count]) => `${code}:${count}`).join(' ') || '0';
  const rows = [
    ['phase', 'requests', 'non-2xx', 'conn err', 'GraphQL errors', 'STALE answers', 'p50 ms', 'p99 ms', 'RSS start', 'RSS end', 'RSS floor'],
    ...results.map((r) => [
      r.name,
      String(r.requests),
      String(r.non2xx),
      String(r.connectionErrors),
      codes(r.graphqlErrors),
      String(r.stale),
      String(r.p50),
      String(r.p99),
      mb(r.rssStart),
      mb(r.rssEnd),
      mb(r.rssFloor),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  console.log(`\nloopback, ${RATE} req/s fixed rate, ${CONNECTIONS} connections, ${SECONDS} s per phase, mixed: cached patient, appointments, eligibility, patients search`);
  for (const row of rows) console.log(row.map((cell, column) => (column === 0 || column === 4 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));

  const redisPhase = results[1]!;
  const partnerErrors = redisPhase.non2xx + redisPhase.connectionErrors + [...redisPhase.graphqlErrors.values()].reduce((a, b) => a + b, 0);
  const growth = (results[2]!.rssFloor - results[0]!.rssFloor) / results[0]!.rssFloor;
  const raw = (results[2]!.rssEnd - results[0]!.rssStart) / results[0]!.rssStart;
  console.log(`\nredis restart: ${partnerErrors} partner-visible errors (target 0) ${partnerErrors === 0 ? 'PASS' : 'FAIL'}`);
  console.log(`RSS growth over the run, floor to floor: ${(growth * 100).toFixed(1)} % (target < 20 %) ${growth < 0.2 ? 'PASS' : 'FAIL'}; first to last sample: ${(raw * 100).toFixed(1)} %`);
  process.exitCode = partnerErrors === 0 && growth < 0.2 ? 0 : 1;
} finally {
  await shutdown();
}
