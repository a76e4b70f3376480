import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxScenarioMembers } from '../../adapters/eligibility/sandbox-members';
import { encodeGlobalId } from '../../src/domain/global-id';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { parsePrometheusText } from '../helpers/prometheus-text';
import { startThrowawayRedis, type ThrowawayRedis } from '../helpers/redis-server';

/**
 * "Redis down is not an outage": against a redis-server this test owns and kills. Requests keep
 * succeeding (straight to the upstreams), /readyz says degraded, the gateway reconnects by
 * itself, and partners never see an error.
 */
let simulators: SandboxSimulators;
let patientIds: string[] = [];

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  const bundle = (await (await fetch(`${simulators.urls['fhir']}/Patient?_count=10`)).json()) as { entry: { resource: { id: string } }[] };
  patientIds = bundle.entry.map((entry) => encodeGlobalId({ type: 'Patient', sourceId: 'sandbox-ehr', localId: entry.resource.id }));
});
afterAll(async () => {
  await simulators?.close();
});

const PATIENT = `query Patient($id: ID!) { patient(id: $id) { id name { family } freshness { state } } }`;
const ELIGIBILITY = `query Check($input: EligibilityInput!) { eligibility(input: $input) { status freshness { state } } }`;

const readiness = async (gateway: TestGateway) => {
  const response = await fetch(`${gateway.url}/readyz`);
  return { status: response.status, body: (await response.json()) as { status: string; checks: Record<string, string> } };
};

const waitFor = async (condition: () => Promise<boolean>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const keysIn = async (url: string, namespace: string): Promise<number> => {
  const raw = new Redis(url);
  try {
    return (await raw.keys(`${namespace}:cache:*`)).length;
  } finally {
    raw.disconnect();
  }
};

describe('Redis down at start', () => {
  let redis: ThrowawayRedis;
  let gateway: TestGateway;
  beforeAll(async () => {
    redis = await startThrowawayRedis();
    await redis.stop();
    gateway = await startTestGateway({ simulators, env: { REDIS_URL: redis.url, REDIS_NAMESPACE: 'faults-a', REDIS_START_WAIT_MS: '300' } });
  });
  afterAll(async () => {
    await gateway?.close();
    await redis?.close();
  });

  it('answers from the upstreams, reports degraded, and picks Redis up when it appears, without a restart', async () => {
    const answer = await gateway.graphql<{ patient: { id: string } }>(PATIENT, { variables: { id: patientIds[0] } });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.patient.id).toBe(patientIds[0]);

    const degraded = await readiness(gateway);
    expect(degraded.status).toBe(200);
    expect(degraded.body.status).toBe('degraded');
    expect(degraded.body.checks['redis']).toBe('down');
    const metrics = parsePrometheusText(await (await fetch(`${gateway.url}/metrics`)).text());
    expect(metrics.value('caregate_state_backend_up')).toBe(0);

    await redis.start();
    await waitFor(async () => (await readiness(gateway)).body.checks['redis'] === 'up', 5000);
    expect((await readiness(gateway)).body.status).toBe('ready');

    // The shared cache works again: the second read is served from Redis.
    await gateway.graphql(PATIENT, { variables: { id: patientIds[1] } });
    const second = await gateway.graphql<{ patient: { freshness: { state: string } } }>(PATIENT, { variables: { id: patientIds[1] } });
    expect(second.body.data?.patient.freshness.state).toBe('CACHED');
    expect(await keysIn(redis.url, 'faults-a')).toBeGreaterThan(0);
  });
});

describe('Redis killed and restarted under load', () => {
  let redis: ThrowawayRedis;
  let gateway: TestGateway;
  beforeAll(async () => {
    redis = await startThrowawayRedis();
    gateway = await startTestGateway({ simulators, env: { REDIS_URL: redis.url, REDIS_NAMESPACE: 'faults-b' } });
  });
  afterAll(async () => {
    await gateway?.close();
    await redis?.close();
  });

  it('loses no request: every answer is 200 without errors while Redis dies and comes back', async () => {
    const failures: string[] = [];
    let completed = 0;
    let running = true;
    const worker = async (index: number) => {
      for (let i = 0; running; i++) {
        const eligibility = (index + i) % 3 === 0;
        const answer = eligibility
          ? await gateway.graphql(ELIGIBILITY, {
              variables: { input: { payerId: 'SANDBOX-PAYER-1', subscriber: { memberId: sandboxScenarioMembers.activePpo }, dateOfService: '2030-01-15' } },
            })
          : await gateway.graphql(PATIENT, { variables: { id: patientIds[(index + i) % patientIds.length] } });
        completed++;
        if (answer.status !== 200 || answer.body.errors) failures.push(`${answer.status} ${JSON.stringify(answer.body.errors)}`);
      }
    };
    const workers = Array.from({ length: 6 }, (_, index) => worker(index));

    await new Promise((resolve) => setTimeout(resolve, 500));
    await redis.stop();
    await waitFor(async () => (await readiness(gateway)).body.status === 'degraded', 3000);
    const duringOutage = completed;
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(completed).toBeGreaterThan(duringOutage); // still answering while Redis is gone
    await redis.start();
    await waitFor(async () => (await readiness(gateway)).body.checks['redis'] === 'up', 5000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    running = false;
    await Promise.all(workers);

    expect(failures).toEqual([]);
    expect(completed).toBeGreaterThan(50);
    expect(await keysIn(redis.url, 'faults-b')).toBeGreaterThan(0); // writing to the restarted Redis again
    const warnings = gateway.logs.filter((line) => line.includes('cache backend unavailable'));
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.length).toBeLessThan(5); // throttled, not one per request
  });
});
