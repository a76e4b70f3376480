import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccessTokenIssuer } from '../src/auth/access-token-issuer';
import type { Scope } from '../src/auth/scopes';
import { encodeGlobalId } from '../src/domain/global-id';
import { systemClock } from '../src/ports/clock';
import { gatewayKeysFromConfig } from '../src/runtime/gateway-keys-from-config';
import { loadConfigFromFile, SANDBOX_CONFIG_PATH } from '../src/runtime/load-config-node';
import { startSandboxSimulators } from '../src/runtime/sandbox';
import { freePort } from '../test/helpers/redis-server';

/**
 * `npm run loadtest:attack`: the validation-cost attack of issue 10 beside normal traffic, on
 * loopback. A sandbox gateway (`src/runtime/node.ts`, its own process) gets:
 *   normal — partner sandbox-internal, a cached `patient` read at ATTACK_NORMAL_RATE req/s (default 50);
 *   attack — partner sandbox-payer, 16 req/s (under its 50/s rate limit) of a document with 300
 *            repeated `viewer { id }` selections and a fresh comment each time, so no cache helps.
 * Each gateway runs a warm-up, then ATTACK_SECONDS (default 10) of normal traffic alone and the
 * same with the attack beside it, and the normal traffic's p50/p95/p99 are printed for both.
 * The run is repeated on a gateway whose field and repeat caps are lifted (config `graphqlLimits`),
 * to show what the caps buy; ATTACK_UNCAPPED=0 skips it. Target: with the caps, normal p95
 * under attack within 1.5x of without. Exit code 1 when missed.
 */
const SECONDS = Number(process.env['ATTACK_SECONDS'] ?? 10);
const NORMAL_RATE = Number(process.env['ATTACK_NORMAL_RATE'] ?? 50);
const ATTACK_RATE = 16;
const REPEATS = 300;
const PUBLIC_URL = 'http://attack.caregate';

const simulators = await startSandboxSimulators();
const scratch = mkdtempSync(join(tmpdir(), 'caregate-attack-'));

interface Gateway {
  base: string;
  process: ChildProcess;
}

async function startGateway(configPath?: string): Promise<Gateway> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/node.ts'], {
    env: {
      PATH: process.env['PATH'],
      PORT: String(port),
      PUBLIC_URL,
      LOG_LEVEL: 'error',
      SANDBOX_URLS: JSON.stringify(simulators.urls),
      ...simulators.secrets,
      ...(configPath ? { CAREGATE_CONFIG: configPath } : {}),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let started = Date.now(); ; ) {
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) return { base, process: child };
    if (Date.now() - started > 30_000 || child.exitCode !== null) throw new Error('gateway did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopGateway(gateway: Gateway) {
  if (gateway.process.exitCode !== null) return;
  gateway.process.kill('SIGTERM');
  await once(gateway.process, 'exit');
}

const config = loadConfigFromFile(undefined).config;
const issuer = createAccessTokenIssuer({ keys: await gatewayKeysFromConfig(config, () => undefined), issuer: PUBLIC_URL, audience: config.audience, ttlSeconds: 300, clock: systemClock });
const bearer = async (partnerId: string, scopes: Scope[]) => `Bearer ${(await issuer.issue({ partnerId, scopes })).token}`;

const bundle = (await (await fetch(`${simulators.urls['fhir']}/Patient?_count=1`)).json()) as { entry: { resource: { id: string } }[] };
const patientId = encodeGlobalId({ type: 'Patient', sourceId: 'sandbox-ehr', localId: bundle.entry[0]?.resource.id ?? '' });
const NORMAL_BODY = JSON.stringify({ query: 'query Patient($id: ID!) { patient(id: $id) { id name { family given } birthDate } }', variables: { id: patientId } });
let nonce = 0;
const attackBody = () => JSON.stringify({ query: `# ${Date.now()}-${nonce++}\n{ ${'viewer { id } '.repeat(REPEATS)} }` });

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/**
 * Open-loop load at an even pace: request i leaves at start + i / rate whatever the answers do,
 * and its latency counts from that planned moment (so a stalled gateway cannot hide its queue).
 * Not autocannon: its rate limit releases each connection's quota at every second boundary, so
 * 16 req/s arrive as one burst of 16, which measures bursts, not the attack.
 */
async function pacedLoad(options: { url: string; authorization: string; body: () => string; rate: number; seconds: number; onAnswer: (ms: number, status: number, body: string) => void }) {
  const started = performance.now();
  const total = Math.round(options.rate * options.seconds);
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const planned = started + (i * 1000) / options.rate;
    const wait = planned - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const body = options.body();
    inFlight.push(
      fetch(options.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: options.authorization }, body }).then(
        async (response) => options.onAnswer(performance.now() - planned, response.status, await response.text()),
        () => options.onAnswer(performance.now() - planned, 0, ''),
      ),
    );
  }
  await Promise.all(inFlight);
}

interface Phase {
  normal: { requests: number; failed: number; p50: number; p95: number; p99: number };
  attack?: { sent: number; answers: Map<string, number>; p50: number };
}

/** What the attack got back, by code and limit (or `data` when the document was executed). */
function attackOutcome(body: string): string {
  try {
    const parsed = JSON.parse(body) as { data?: unknown; errors?: { extensions?: { code?: string; details?: { limit?: string } } }[] };
    const first = parsed.errors?.[0]?.extensions;
    return first ? `${first.code ?? 'no code'}${first.details?.limit ? `/${first.details.limit}` : ''}` : 'data';
  } catch {
    return 'unparseable';
  }
}

async function runPhase(gateway: Gateway, seconds: number, withAttack: boolean): Promise<Phase> {
  const url = `${gateway.base}/graphql`;
  const normalTimes: number[] = [];
  let failed = 0;
  const normal = pacedLoad({
    url,
    authorization: await bearer('sandbox-internal', ['patient.read']),
    body: () => NORMAL_BODY,
    rate: NORMAL_RATE,
    seconds,
    onAnswer: (time, status, body) => {
      normalTimes.push(time);
      if (status !== 200 || body.includes('"errors"')) failed++;
    },
  });
  const attackTimes: number[] = [];
  const answers = new Map<string, number>();
  const attack = withAttack
    ? pacedLoad({
        url,
        authorization: await bearer('sandbox-payer', ['coverage.read']),
        body: attackBody,
        rate: ATTACK_RATE,
        seconds,
        onAnswer: (time, status, body) => {
          attackTimes.push(time);
          const outcome = status === 200 ? attackOutcome(body) : `HTTP ${status}`;
          answers.set(outcome, (answers.get(outcome) ?? 0) + 1);
        },
      })
    : undefined;
  await Promise.all([normal, attack]);
  normalTimes.sort((a, b) => a - b);
  attackTimes.sort((a, b) => a - b);
  return {
    normal: { requests: normalTimes.length, failed, p50: percentile(normalTimes, 50), p95: percentile(normalTimes, 95), p99: percentile(normalTimes, 99) },
    ...(withAttack ? { attack: { sent: attackTimes.length, answers, p50: percentile(attackTimes, 50) } } : {}),
  };
}

async function measure(label: string, configPath?: string) {
  const gateway = await startGateway(configPath);
  try {
    await runPhase(gateway, 3, false); // warm-up: JIT, caches, connections
    const quiet = await runPhase(gateway, SECONDS, false);
    const underAttack = await runPhase(gateway, SECONDS, true);
    return { label, quiet, underAttack };
  } finally {
    await stopGateway(gateway);
  }
}

/** The sandbox config with the field and repeat caps lifted: the gateway as it was before them. */
function uncappedConfigPath(): string {
  const raw = JSON.parse(readFileSync(SANDBOX_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
  delete raw['$schema'];
  const path = join(scratch, 'uncapped.json');
  writeFileSync(path, JSON.stringify({ ...raw, graphqlLimits: { maxFields: 1_000_000, maxDuplicateSelections: 1_000_000 } }));
  return path;
}

try {
  console.error(`per gateway: warm-up 3 s, then ${SECONDS} s normal alone and ${SECONDS} s normal + attack (${NORMAL_RATE} + ${ATTACK_RATE} req/s)`);
  const runs = [await measure('caps on (defaults)')];
  if (process.env['ATTACK_UNCAPPED'] !== '0') runs.push(await measure('caps lifted', uncappedConfigPath()));

  const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '-');
  const rows = [['gateway', 'phase', 'normal req', 'failed', 'p50 ms', 'p95 ms', 'p99 ms', 'attack req', 'attack p50 ms', 'attack answers']];
  for (const run of runs) {
    for (const [phase, result] of [['normal alone', run.quiet], ['normal + attack', run.underAttack]] as const) {
      const answers = result.attack ? [...result.attack.answers].map(([outcome, count]) => `${outcome}:${count}`).join(' ') : '-';
      rows.push([run.label, phase, String(result.normal.requests), String(result.normal.failed), ms(result.normal.p50), ms(result.normal.p95), ms(result.normal.p99), String(result.attack?.sent ?? '-'), ms(result.attack?.p50 ?? NaN), answers]);
    }
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  console.log(`\nloopback; normal: sandbox-internal cached patient read; attack: sandbox-payer, ${REPEATS} repeated selections, fresh comment each`);
  for (const row of rows) console.log(row.map((cell, column) => (column < 2 || column === 9 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));

  const capped = runs[0]!;
  const ratio = capped.underAttack.normal.p95 / capped.quiet.normal.p95;
  const pass = ratio <= 1.5 && capped.underAttack.normal.failed === 0;
  console.log(`\ncaps on: normal p95 under attack / alone = ${ratio.toFixed(2)} (target <= 1.5) ${pass ? 'PASS' : 'FAIL'}`);
  process.exitCode = pass ? 0 : 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
  await simulators.close();
}
