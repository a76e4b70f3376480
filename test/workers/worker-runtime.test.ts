import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import productionConfig from '../../config/example.production.json';
import sandboxConfig from '../../config/sandbox.json';
import worker from '../../src/runtime/worker';
import { createWorkerContainer } from '../../src/runtime/worker-container';
import { createJsonLogger } from '../../src/observability/json-logger';
import type { WorkerEnv } from '../../src/runtime/worker-env';
import { encodeGlobalId } from '../../src/domain/global-id';
import { sandboxAccessToken } from '../shared/sandbox-tokens';

/** How the Worker builds itself from its bindings: config sources, refusals, the start-failure answer, audit. */
const quiet = { logger: { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet.logger } };

const SANDBOX_BOOKED_APPOINTMENT = encodeGlobalId({ type: 'Appointment', sourceId: 'sandbox-ehr', localId: 'a9b4bd31-b611-2d87-b93f-4e96c49b0aae' });

const randomKey = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));

/** The runner's bindings minus the config ones, so each test says where config comes from. */
const baseEnv = (): WorkerEnv => {
  const { CAREGATE_CONFIG: _c, CONFIG: _k, ...rest } = env as unknown as WorkerEnv;
  return rest;
};

const smartConfiguration = async (container: Awaited<ReturnType<typeof createWorkerContainer>>) => {
  const response = await container.app.fetch(new Request('http://localhost/.well-known/smart-configuration'));
  return await response.json<{ token_endpoint: string }>();
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Worker config from bindings', () => {
  it('reads the config from the CONFIG KV namespace under CONFIG_KEY', async () => {
    const fromKv = { ...sandboxConfig, publicUrl: 'https://gateway.kv.example' };
    await env.CONFIG_UNDER_TEST.put('gateway/config.json', JSON.stringify(fromKv));
    const container = await createWorkerContainer({ ...baseEnv(), CONFIG: env.CONFIG_UNDER_TEST, CONFIG_KEY: 'gateway/config.json' }, quiet);
    expect(container.config.publicUrl).toBe('https://gateway.kv.example');
    expect((await smartConfiguration(container)).token_endpoint).toBe('https://gateway.kv.example/oauth/token');
  });

  it('serves the same metadata at the RFC 8414 path (openid-client discovery)', async () => {
    const container = await createWorkerContainer({ ...baseEnv(), CAREGATE_CONFIG: JSON.stringify({ ...sandboxConfig, publicUrl: 'https://gateway.rfc8414.example' }) }, quiet);
    const response = await container.app.fetch(new Request('http://localhost/.well-known/oauth-authorization-server'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(await smartConfiguration(container));
    expect(await smartConfiguration(container)).toMatchObject({ issuer: 'https://gateway.rfc8414.example', token_endpoint: 'https://gateway.rfc8414.example/oauth/token' });
  });

  it('prefers the CAREGATE_CONFIG var over KV, and uses the bundled sandbox config with neither', async () => {
    await env.CONFIG_UNDER_TEST.put('caregate.json', JSON.stringify({ ...sandboxConfig, publicUrl: 'https://from-kv.example' }));
    const fromVar = await createWorkerContainer(
      { ...baseEnv(), CONFIG: env.CONFIG_UNDER_TEST, CAREGATE_CONFIG: JSON.stringify({ ...sandboxConfig, publicUrl: 'https://from-var.example' }) },
      quiet,
    );
    expect(fromVar.config.publicUrl).toBe('https://from-var.example');
    expect((await createWorkerContainer(baseEnv(), quiet)).config.publicUrl).toBe(sandboxConfig.publicUrl);
  });

  it('refuses a CONFIG namespace without the key instead of falling back to the sandbox', async () => {
    await expect(createWorkerContainer({ ...baseEnv(), CONFIG: env.CONFIG_UNDER_TEST, CONFIG_KEY: 'missing.json' }, quiet)).rejects.toThrow(
      'KV namespace CONFIG has no key "missing.json"',
    );
  });

  it('refuses config that is not JSON without echoing it', async () => {
    const error = await createWorkerContainer({ ...baseEnv(), CAREGATE_CONFIG: '{"keyHashSecret": "s3cr3t-value",' }, quiet).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConfigError', message: 'Cannot read config CAREGATE_CONFIG: not valid JSON' });
  });

  it('refuses production without the STATE Durable Object (per-isolate idempotency would protect nothing)', async () => {
    const { STATE: _state, ...withoutState } = baseEnv();
    await expect(
      createWorkerContainer({ ...withoutState, CAREGATE_CONFIG: JSON.stringify(productionConfig), CACHE_ENCRYPTION_KEY: randomKey() }, quiet),
    ).rejects.toThrow('production on Workers needs the STATE Durable Object binding');
  });

  it('lists every problem of a production Worker at once: bindings, the sealing key, every secret the config names', async () => {
    const { STATE: _state, ...withoutState } = baseEnv();
    const error = await createWorkerContainer({ ...withoutState, CAREGATE_CONFIG: JSON.stringify(productionConfig), LOG_LEVEL: 'loud' }, quiet).then(
      () => new Error('started'),
      (caught: unknown) => caught as Error,
    );
    expect(error.name).toBe('ConfigError');
    expect(error.message).toContain('LOG_LEVEL: must be one of debug, info, warn, error');
    expect(error.message).toContain('CACHE_ENCRYPTION_KEY is required in production');
    expect(error.message).toContain('production on Workers needs the STATE Durable Object binding');
    for (const variable of ['CAREGATE_KEY_HASH_SECRET', 'CAREGATE_SIGNING_KEY_2026_11', 'CAREGATE_SIGNING_KEY_2026_08', 'EPIC_BACKEND_PRIVATE_JWK', 'ORACLE_HEALTH_BACKEND_PRIVATE_JWK']) {
      expect(error.message).toContain(`environment variable ${variable} is not set`);
    }
  });

  it('refuses production without CACHE_ENCRYPTION_KEY (KV and Durable Object values hold PHI)', async () => {
    await expect(createWorkerContainer({ ...baseEnv(), CAREGATE_CONFIG: JSON.stringify(productionConfig) }, quiet)).rejects.toThrow(
      'CACHE_ENCRYPTION_KEY is required in production',
    );
  });
});

describe('encryption at rest on Workers', () => {
  it('seals the eligibility answers it caches in KV when CACHE_ENCRYPTION_KEY is set', async () => {
    const namespace = `sealed-${crypto.randomUUID()}`;
    const container = await createWorkerContainer({ ...baseEnv(), STATE_NAMESPACE: namespace, CACHE_ENCRYPTION_KEY: randomKey() }, quiet);
    const token = await sandboxAccessToken(container.config.publicUrl, 'sandbox-internal', ['eligibility.read']);
    const ask = async () => {
      const response = await container.app.fetch(
        new Request('http://localhost/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            query: 'query($input: EligibilityInput!) { eligibility(input: $input) { status plan { name } freshness { state } } }',
            variables: { input: { payerId: 'SANDBOX-PAYER-1', subscriber: { memberId: 'MACE00002' }, dateOfService: '2030-07-08' } },
          }),
        }),
      );
      return await response.json<{ data: { eligibility: { status: string; plan: { name: string } | null; freshness: { state: string } } } }>();
    };
    const first = await ask();
    expect(first.data.eligibility).toMatchObject({ status: 'ACTIVE', freshness: { state: 'FRESH' } });
    const { keys } = await env.CACHE.list({ prefix: `${namespace}:cache:` });
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const raw = (await env.CACHE.get(key.name)) ?? '';
      expect(raw.startsWith('g1.')).toBe(true);
      expect(raw).not.toContain('ACTIVE');
    }
    expect((await ask()).data.eligibility).toEqual({ ...first.data.eligibility, freshness: { state: 'CACHED' } });
  });
});

describe('Worker entry', () => {
  it('answers 503 while it cannot start, logs the config field only, and retries on the next request', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    const refused = await worker.fetch(new Request('http://localhost/healthz'), { ...baseEnv(), CAREGATE_CONFIG: '{"signingKeys": "secret-material"' });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await refused.json()).toMatchObject({ errors: [{ extensions: { code: 'INTERNAL', retryable: true } }] });
    expect(lines.some((line) => line.includes('gateway start failed') && line.includes('not valid JSON'))).toBe(true);
    expect(lines.join('\n')).not.toContain('secret-material');

    const recovered = await worker.fetch(new Request('http://localhost/healthz', { headers: { 'x-request-id': 'worker-trace-0001' } }), baseEnv());
    expect(recovered.status).toBe(200);
    expect(recovered.headers.get('x-request-id')).toBe('worker-trace-0001');
  });
});

describe('Cron Trigger', () => {
  it('runs one ride reconciliation pass over the rides the Worker booked', async () => {
    const token = await sandboxAccessToken(sandboxConfig.publicUrl, 'sandbox-rides', ['ride.read', 'ride.write']);
    const booked = await worker.fetch(
      new Request('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: 'mutation($input: ScheduleRideInput!) { scheduleRide(input: $input) { id status } }',
          variables: { input: { appointmentId: SANDBOX_BOOKED_APPOINTMENT, rideSource: 'sandbox-uber-health', idempotencyKey: `cron-${crypto.randomUUID()}` } },
        }),
      }),
      baseEnv(),
    );
    expect((await booked.json<{ errors?: unknown }>()).errors).toBeUndefined();

    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '*/5 * * * *' }), { ...baseEnv(), LOG_LEVEL: 'info' }, ctx);
    await waitOnExecutionContext(ctx);
    const report = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry['msg'] === 'rides reconciled');
    expect(report).toMatchObject({ failed: 0 });
    expect(report?.['checked']).toBeGreaterThanOrEqual(1);
  });
});

describe('Lyft auth on Workers', () => {
  it('books Lyft with the organisation refresh token, and refuses a public-only client-credentials source naming it', async () => {
    const token = await sandboxAccessToken(sandboxConfig.publicUrl, 'sandbox-rides', ['ride.read', 'ride.write']);
    // Each in its own state namespace: the sandbox appointment may already have a ride in the shared one.
    const schedule = async (config: typeof sandboxConfig) => {
      const container = await createWorkerContainer({ ...baseEnv(), CAREGATE_CONFIG: JSON.stringify(config), STATE_NAMESPACE: `lyft-auth-${crypto.randomUUID()}` }, quiet);
      const response = await container.app.fetch(
        new Request('http://localhost/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            query: 'mutation($input: ScheduleRideInput!) { scheduleRide(input: $input) { status } }',
            variables: { input: { appointmentId: SANDBOX_BOOKED_APPOINTMENT, rideSource: 'sandbox-lyft', idempotencyKey: `lyft-auth-${crypto.randomUUID()}` } },
          }),
        }),
      );
      return await response.json<{ data?: { scheduleRide: { status: string } | null }; errors?: { extensions?: Record<string, unknown> }[] }>();
    };
    const booked = await schedule(sandboxConfig);
    expect(booked.errors).toBeUndefined();
    expect(booked.data?.scheduleRide?.status).toBe('SCHEDULED');
    const appOnly = { ...sandboxConfig, sources: sandboxConfig.sources.map((source) => (source.id === 'sandbox-lyft' ? { ...source, auth: { type: 'client-credentials' } } : source)) };
    const refused = await schedule(appOnly as typeof sandboxConfig);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', details: { sourceId: 'sandbox-lyft', reason: 'RIDE_SCOPES_NOT_GRANTED' } });
  });
});

describe('audit on Workers', () => {
  it('writes audit events as JSON lines on the console (Workers Logs), with ids and no PHI', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    const container = await createWorkerContainer(baseEnv(), quiet);
    const token = await sandboxAccessToken(container.config.publicUrl, 'sandbox-internal', ['patient.read']);
    const response = await container.app.fetch(
      new Request('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ patients(search:{family:"Jast432"}) { edges { node { id birthDate name { family } } } } }' }),
      }),
    );
    const body = await response.json<{ data: { patients: { edges: { node: { id: string; birthDate: string } }[] } } }>();
    const patient = body.data.patients.edges[0]?.node;
    expect(patient?.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const audit = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((event) => event['type'] === 'audit');
    expect(audit).toContainEqual(expect.objectContaining({ partnerId: 'sandbox-internal', resourceType: 'Patient', resourceIds: [patient?.id], outcome: 'success' }));
    expect(lines.join('\n')).not.toContain('Jast432');
    expect(lines.join('\n')).not.toContain(patient?.birthDate);
  });
});

describe('trace context on Workers', () => {
  it('puts the traceparent trace id on the request log lines (upstream propagation is Node only, see docs/decisions.md)', async () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ level: 'info', write: (line) => void lines.push(line) });
    const container = await createWorkerContainer(baseEnv(), { logger });
    const token = await sandboxAccessToken(container.config.publicUrl, 'sandbox-internal', ['patient.read']);
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await container.app.fetch(
      new Request('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
        body: JSON.stringify({ query: '{ patients(search:{family:"Jast432"}) { edges { node { id } } } }' }),
      }),
    );
    expect(response.status).toBe(200);
    const graphqlLine = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line['msg'] === 'graphql');
    expect(graphqlLine?.['traceId']).toBe(traceId);
  });
});
