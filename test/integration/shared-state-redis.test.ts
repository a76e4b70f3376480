import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { createTestPartner, partnerEntry, requestToken, type TestPartner } from '../helpers/partner-client';
import { describeWithRedis } from '../helpers/redis';

/**
 * Two gateway instances behind one public URL, sharing one Redis: one rate limit per partner,
 * one `jti` replay set, one audit stream.
 */
await describeWithRedis('two gateway instances sharing one Redis', ({ url, namespace }) => {
  const PUBLIC_URL = 'https://gateway.test';
  const TOKEN_URL = `${PUBLIC_URL}/oauth/token`;
  let simulators: SandboxSimulators;
  let a: TestGateway;
  let b: TestGateway;
  let partner: TestPartner;
  let redis: Redis;

  beforeAll(async () => {
    partner = await createTestPartner('shared-partner');
    simulators = await startSandboxSimulators();
    const start = () =>
      startTestGateway({
        simulators,
        env: { REDIS_URL: url, REDIS_NAMESPACE: namespace },
        // Production mode keeps publicUrl as configured (the sandbox would follow each instance's port).
        adjustConfig: (config) => ({
          ...config,
          mode: 'production',
          publicUrl: PUBLIC_URL,
          partners: [...config.partners, partnerEntry(partner, { scopes: ['patient.read', 'appointment.read'], rateLimit: { perSecond: 0.01, burst: 4 } })],
        }),
      });
    [a, b] = await Promise.all([start(), start()]);
    redis = new Redis(url);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await simulators?.close();
    await redis?.quit();
  });

  it('refuses on one instance an assertion already used on the other', async () => {
    const assertion = await partner.assertion(TOKEN_URL);
    expect((await requestToken(a.url, assertion)).status).toBe(200);
    const replayed = await requestToken(b.url, assertion);
    expect(replayed.body).toEqual({ error: 'invalid_client', error_description: 'jti already used' });
    expect((await requestToken(b.url, await partner.assertion(TOKEN_URL))).status).toBe(200);
  });

  it('enforces one rate limit across both instances', async () => {
    const granted = await requestToken(a.url, await partner.assertion(TOKEN_URL));
    const token = String(granted.body['access_token']);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await (i % 2 ? b : a).graphql('{ viewer { id } }', { token })).status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(4);
    expect(statuses.slice(4)).toEqual([429, 429, 429, 429]);
  });

  it('warns on /readyz in production when the Redis holding the Store has no append-only file, and stays ready', async () => {
    const aof = /^aof_enabled:1/m.test(await redis.info('persistence'));
    const response = await fetch(`${a.url}/readyz`);
    const report = (await response.json()) as { status: string; checks: Record<string, string>; warnings?: Record<string, string> };
    expect(response.status).toBe(200);
    expect(report.checks['redis']).toBe('up');
    if (aof) expect(report.warnings?.['redis']).toBeUndefined();
    else expect(report.warnings?.['redis']).toMatch(/^none: .*appendonly/);
    expect(a.logs.some((line) => line.includes('redis persistence'))).toBe(!aof);
  });

  it('appends audit events from both instances to one Redis stream, ids only', async () => {
    const query = '{ patients(search: { family: "Jast432" }) { edges { node { id birthDate } } } }';
    const answers = await Promise.all([a.graphql(query), b.graphql(query)]);
    const birthDate = (answers[0].body.data as { patients: { edges: { node: { birthDate: string } }[] } }).patients.edges[0]!.node.birthDate;
    const entries = await redis.xrange(`${namespace}:audit`, '-', '+');
    const requestIds = entries.map(([, fields]) => fields[fields.indexOf('requestId') + 1]);
    expect(new Set(requestIds).size).toBeGreaterThanOrEqual(2);
    expect(entries.every(([, fields]) => fields.includes('Patient') && fields.includes('sandbox-internal'))).toBe(true);
    expect(JSON.stringify(entries)).not.toContain(birthDate);
    expect([...a.audit, ...b.audit].map((event) => event.requestId).sort()).toEqual([...requestIds].sort());
  });
});
