import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { sandboxSimulator as fhirSandbox } from '../../adapters/ehr/fhir-r4/sandbox';

/** W3C traceparent in, on every upstream call the FHIR simulator sees and on every log line of the request. */
let simulators: SandboxSimulators;
let gateway: TestGateway;

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  gateway = await startTestGateway({ simulators });
});
afterAll(async () => {
  await gateway?.close();
  await simulators?.close();
});

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** A patient search with its appointments (several upstream calls); each family name its own cache key. */
async function searchPatients(family: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await gateway.token('sandbox-internal')}`, ...headers },
    body: JSON.stringify({ query: `{ patients(search:{family:"${family}"}) { edges { node { id appointments { start } } } } }` }),
  });
  await response.body?.cancel();
  return response.status;
}

/** The FHIR data calls of one request (token calls excluded: they are shared across requests). */
function upstreamTraceparents(): string[] {
  const log = simulators.of(fhirSandbox).requestLog;
  return log.filter((entry) => entry.interaction === 'search' || entry.interaction === 'read').map((entry) => entry.traceparent ?? '');
}

const logLines = () => gateway.logs.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('W3C trace context', () => {
  it('continues a sent traceparent to every upstream call, each with a span id of its own, and into the log lines', async () => {
    simulators.of(fhirSandbox).requestLog.clear();
    gateway.logs.length = 0;
    const status = await searchPatients('Jast432', { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`, tracestate: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE' });
    expect(status).toBe(200);
    const sent = upstreamTraceparents();
    expect(sent.length).toBeGreaterThanOrEqual(2); // the patient search and its appointments
    const parsed = sent.map((header) => TRACEPARENT.exec(header));
    expect(parsed.every((match) => match?.[1] === TRACE_ID && match[3] === '01')).toBe(true);
    const parentIds = parsed.map((match) => match?.[2]);
    expect(parentIds).not.toContain(PARENT_ID);
    expect(new Set(parentIds).size).toBe(parentIds.length);
    const withState = simulators.of(fhirSandbox).requestLog.filter((entry) => entry.interaction === 'search');
    expect(withState.every((entry) => entry.tracestate === 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE')).toBe(true);

    const lines = logLines();
    const graphqlLine = lines.find((line) => line['msg'] === 'graphql');
    expect(graphqlLine?.['traceId']).toBe(TRACE_ID);
    const upstreamLines = lines.filter((line) => line['msg'] === 'upstream call');
    expect(upstreamLines.length).toBeGreaterThanOrEqual(2);
    expect(upstreamLines.every((line) => line['traceId'] === TRACE_ID)).toBe(true);
  });

  it('starts a new trace (and drops tracestate) when the traceparent is invalid', async () => {
    for (const [family, invalid] of [
      ['Schumm995', `00-${'0'.repeat(32)}-${PARENT_ID}-01`],
      ['NoSuchFamilyA', `00-${TRACE_ID.toUpperCase()}-${PARENT_ID}-01`],
      ['NoSuchFamilyB', `ff-${TRACE_ID}-${PARENT_ID}-01`],
    ] as const) {
      simulators.of(fhirSandbox).requestLog.clear();
      gateway.logs.length = 0;
      expect(await searchPatients(family, { traceparent: invalid, tracestate: 'rojo=00f067aa0ba902b7' })).toBe(200);
      const sent = upstreamTraceparents();
      expect(sent.length).toBeGreaterThanOrEqual(1);
      const traceIds = new Set(sent.map((header) => TRACEPARENT.exec(header)?.[1]));
      expect(traceIds.size).toBe(1);
      const [fresh] = [...traceIds];
      expect(fresh).toMatch(/^[0-9a-f]{32}$/);
      expect(fresh).not.toBe(TRACE_ID);
      expect(fresh).not.toBe('0'.repeat(32));
      expect(simulators.of(fhirSandbox).requestLog.entries.every((entry) => entry.tracestate === null)).toBe(true);
      expect(logLines().find((line) => line['msg'] === 'graphql')?.['traceId']).toBe(fresh);
    }
  });

  it('gives each request without a traceparent a trace of its own', async () => {
    const traceIds: (string | undefined)[] = [];
    for (const family of ['NoSuchFamilyC', 'NoSuchFamilyD']) {
      simulators.of(fhirSandbox).requestLog.clear();
      expect(await searchPatients(family, {})).toBe(200);
      traceIds.push(TRACEPARENT.exec(upstreamTraceparents()[0] ?? '')?.[1]);
    }
    expect(traceIds[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(traceIds[1]).toMatch(/^[0-9a-f]{32}$/);
    expect(traceIds[0]).not.toBe(traceIds[1]);
  });
});
