import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/domain/errors';
import { serveOnLoopback, type LoopbackServer } from './loopback-server';
import { createResilientFetch, type CircuitStateName, type ResilienceOptions, type UpstreamCallEvent } from './resilient-fetch';
import { upstreamRequest } from './upstream-request';

// A real upstream on loopback whose behaviour each test sets: status, delay, concurrency seen.
let upstream: LoopbackServer;
let behaviour: { status: number; delayMs: number };
let hits = 0;
let concurrent = 0;
let maxConcurrent = 0;
// A raw TCP server that accepts and immediately destroys every connection (connection reset).
let resetter: Server;
let resetUrl: string;

beforeAll(async () => {
  upstream = await serveOnLoopback(async () => {
    hits++;
    concurrent++;
    maxConcurrent = Math.max(maxConcurrent, concurrent);
    try {
      if (behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
      return new Response(JSON.stringify({ ok: behaviour.status < 400 }), { status: behaviour.status, headers: { 'content-type': 'application/json' } });
    } finally {
      concurrent--;
    }
  });
  resetter = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => resetter.listen(0, '127.0.0.1', resolve));
  resetUrl = `http://127.0.0.1:${(resetter.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await upstream.close();
  await new Promise<void>((resolve) => resetter.close(() => resolve()));
});
beforeEach(async () => {
  // A handler an earlier test stopped waiting for (timeouts) may still be running: let it finish.
  while (concurrent > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  behaviour = { status: 200, delayMs: 0 };
  hits = 0;
  maxConcurrent = 0;
});

const options = (overrides: Partial<ResilienceOptions> = {}): ResilienceOptions => ({
  maxConcurrent: 8,
  maxQueue: 8,
  circuitBreaker: { failureRate: 0.5, windowSize: 4, minimumCalls: 4, halfOpenAfterMs: 150 },
  ...overrides,
});

const make = (opts: ResilienceOptions) => {
  const states: CircuitStateName[] = [];
  const calls: UpstreamCallEvent[] = [];
  const resilient = createResilientFetch({
    fetch: (input, init) => fetch(input, init),
    sourceId: 'test-source',
    options: opts,
    onStateChange: (state) => states.push(state),
    onCall: (event) => calls.push(event),
  });
  return { resilient, states, calls };
};

const gatewayError = async (promise: Promise<unknown>): Promise<GatewayError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
};

describe('circuit breaker per source', () => {
  it('opens after repeated 5xx, refuses without calling the upstream, half-opens after the cooldown and closes on success', async () => {
    const { resilient, states, calls } = make(options());
    behaviour.status = 503;
    for (let i = 0; i < 4; i++) expect((await resilient.fetch(upstream.url)).status).toBe(503);
    expect(resilient.state).toBe('open');
    expect(hits).toBe(4);

    const refused = await gatewayError(resilient.fetch(upstream.url));
    expect(refused).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true, details: { sourceId: 'test-source', reason: 'circuit-open' } });
    expect(hits).toBe(4);
    expect(calls.at(-1)).toMatchObject({ outcome: 'circuit_open', status: null });

    await new Promise((resolve) => setTimeout(resolve, 200));
    behaviour.status = 200;
    expect((await resilient.fetch(upstream.url)).status).toBe(200);
    expect(states).toEqual(['open', 'half-open', 'closed']);
    expect(resilient.state).toBe('closed');
  });

  it('goes back to open when the half-open trial call fails', async () => {
    const { resilient, states } = make(options());
    behaviour.status = 500;
    for (let i = 0; i < 4; i++) await resilient.fetch(upstream.url);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await resilient.fetch(upstream.url)).status).toBe(500);
    expect(states).toEqual(['open', 'half-open', 'open']);
    await gatewayError(resilient.fetch(upstream.url));
  });

  it('counts timeouts and connection resets against the upstream, but not 4xx answers', async () => {
    const { resilient, calls } = make(options());
    behaviour.status = 404;
    for (let i = 0; i < 6; i++) await resilient.fetch(upstream.url);
    expect(resilient.state).toBe('closed');

    behaviour = { status: 200, delayMs: 300 };
    await expect(resilient.fetch(upstream.url, { signal: AbortSignal.timeout(50) })).rejects.toMatchObject({ name: 'TimeoutError' });
    await expect(resilient.fetch(resetUrl)).rejects.toThrow();
    await expect(resilient.fetch(resetUrl)).rejects.toThrow();
    expect(resilient.state).toBe('open');
    expect(calls.slice(-3).map((call) => call.outcome)).toEqual(['timeout', 'network', 'network']);
  });

  it('is passed through upstreamRequest as is: typed, and not retried', async () => {
    const { resilient } = make(options());
    behaviour.status = 503;
    for (let i = 0; i < 4; i++) await resilient.fetch(upstream.url);
    const attempts: unknown[] = [];
    const error = await gatewayError(
      upstreamRequest(
        { fetch: resilient.fetch, sleep: async () => undefined, onAttempt: (event) => attempts.push(event) },
        { sourceId: 'test-source', url: upstream.url, timeoutMs: 1000, idempotent: true },
      ),
    );
    expect(error.details).toMatchObject({ reason: 'circuit-open' });
    expect(attempts).toHaveLength(0);
    expect(hits).toBe(4);
  });
});

describe('bulkhead per source', () => {
  it('caps concurrent calls, queues a few and refuses the rest at once', async () => {
    const { resilient, calls } = make(options({ maxConcurrent: 2, maxQueue: 1 }));
    behaviour.delayMs = 150;
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => resilient.fetch(upstream.url)));
    expect(maxConcurrent).toBe(2);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(2);
    for (const r of refused) expect(r.reason).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', details: { reason: 'bulkhead-full' } });
    expect(calls.filter((c) => c.outcome === 'bulkhead_full')).toHaveLength(2);
    // Local overload says nothing about the upstream's health.
    expect(resilient.state).toBe('closed');
  });

  it('a call waiting in the queue still honours its timeout', async () => {
    const { resilient } = make(options({ maxConcurrent: 1, maxQueue: 4 }));
    behaviour.delayMs = 300;
    const first = resilient.fetch(upstream.url);
    const started = performance.now();
    await expect(resilient.fetch(upstream.url, { signal: AbortSignal.timeout(50) })).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(performance.now() - started).toBeLessThan(250);
    expect((await first).status).toBe(200);
  });
});
