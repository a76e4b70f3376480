import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../../config/schema';
import { encodeGlobalId } from '../../src/domain/global-id';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { freePort } from '../helpers/redis-server';
import { startRoundRobinProxy, type RoundRobinProxy } from '../helpers/round-robin-proxy';

/**
 * No request lost during a rolling restart: two gateway instances behind a round-robin load
 * balancer that routes by /readyz and retries only refused connections; one instance drains
 * (/readyz 503, in-flight requests finish, then the port closes), stops and starts again on its
 * port, under steady traffic whose reads take ~80 ms upstream (so requests are in flight when
 * the drain begins). Cutting an in-flight request would fail the test: the balancer does not
 * retry a request once sent.
 */
const PUBLIC_URL = 'http://caregate.test';
let simulators: SandboxSimulators;
let slowEhr: FaultProxy;
let balancer: RoundRobinProxy;
let ports: number[] = [];
const instances: TestGateway[] = [];
let patientIds: string[] = [];

const startInstance = (port: number) =>
  startTestGateway({
    port,
    env: { PUBLIC_URL },
    simulators: { ...simulators, urls: { ...simulators.urls, fhir: slowEhr.url } },
    // No record cache: every read goes upstream and takes the injected latency.
    adjustConfig: (config: GatewayConfig) => ({
      ...config,
      sources: config.sources.map((source) => (source.kind === 'ehr' ? { ...source, cache: { ttlSeconds: 0, staleSeconds: 0 } } : source)),
    }),
  });

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  slowEhr = await startFaultProxy(simulators.urls['fhir'] as string);
  slowEhr.set({ kind: 'delay', ms: 80 });
  ports = [await freePort(), await freePort()];
  for (const port of ports) instances.push(await startInstance(port));
  balancer = await startRoundRobinProxy(ports);
  const bundle = (await (await fetch(`${simulators.urls['fhir']}/Patient?_count=10`)).json()) as { entry: { resource: { id: string } }[] };
  patientIds = bundle.entry.map((entry) => encodeGlobalId({ type: 'Patient', sourceId: 'sandbox-ehr', localId: entry.resource.id }));
});
afterAll(async () => {
  await balancer?.close();
  for (const instance of instances) await instance.close({ deadlineMs: 1000 });
  await slowEhr?.close();
  await simulators?.close();
});

describe('rolling restart of one of two instances', () => {
  it('loses no request', async () => {
    const token = await (instances[0] as TestGateway).token('sandbox-internal');
    const failures: string[] = [];
    let sent = 0;
    let running = true;
    const worker = async (index: number) => {
      for (let i = 0; running; i++) {
        sent++;
        try {
          const response = await fetch(`${balancer.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query: 'query P($id: ID!) { patient(id: $id) { id } }', variables: { id: patientIds[(index + i) % patientIds.length] } }),
          });
          const body = (await response.json()) as { data?: { patient: { id: string } }; errors?: unknown[] };
          if (response.status !== 200 || body.errors || !body.data?.patient.id) failures.push(`${response.status} ${JSON.stringify(body.errors)}`);
        } catch (error) {
          failures.push(String(error));
        }
      }
    };
    const workers = Array.from({ length: 8 }, (_, index) => worker(index));
    // Counted in requests, not milliseconds, so a busy machine changes the duration, not the test.
    const untilSent = async (count: number) => {
      while (sent < count) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    await untilSent(20);

    const restarting = instances[0] as TestGateway;
    const inFlightAtDrain = restarting.inFlight();
    // /readyz turns 503 first; the listener closes after the balancer's health check has noticed.
    const drained = await restarting.close({ deadlineMs: 5000, drainDelayMs: 300 });
    expect(drained).toBe(true); // every in-flight request finished before the deadline
    const servedBeforeRestart = balancer.served.get(ports[0] as number) ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 300)); // the port is closed meanwhile: refused, retried on the other
    instances[0] = await startInstance(ports[0] as number);
    // Enough requests after the restart for the round robin to reach the new instance.
    await untilSent(sent + 20);
    running = false;
    await Promise.all(workers);

    expect(failures).toEqual([]);
    expect(inFlightAtDrain).toBeGreaterThan(0);
    expect(sent).toBeGreaterThan(20);
    expect(balancer.served.get(ports[0] as number) ?? 0).toBeGreaterThan(servedBeforeRestart); // the new instance took traffic again
  });
});
