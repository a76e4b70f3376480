import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EligibilityRequest } from '../../../src/domain/eligibility';
import { GatewayError } from '../../../src/domain/errors';
import { manualClock } from '../../../test/shared/manual-clock';
import { sandboxScenarioMembers } from '../sandbox-members';
import { createEligibilityJsonAdapter } from './adapter';
import { sandboxJsonClient, startEligibilityJsonSimulator } from './simulator';

/** The JSON adapter over real HTTP against its simulator: auth, faults and error mapping. */

const requestFor = (memberId: string, extra: Partial<EligibilityRequest> = {}): EligibilityRequest => ({
  payerId: 'SANDBOX-PAYER-1',
  provider: { npi: '1999999984', organizationName: 'SANDBOX CLINIC' },
  subscriber: { memberId, firstName: 'Avery', lastName: 'Sandbox', birthDate: '1980-04-12' },
  serviceTypeCodes: ['30'],
  dateOfService: '2024-06-15',
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

describe('eligibility-json adapter', () => {
  const clock = manualClock(Date.parse('2024-06-15T12:00:00Z'));
  let simulator: Awaited<ReturnType<typeof startEligibilityJsonSimulator>>;
  const adapter = (overrides: Partial<Parameters<typeof createEligibilityJsonAdapter>[0]> = {}) =>
    createEligibilityJsonAdapter({
      sourceId: 'clearinghouse-json',
      baseUrl: simulator.url,
      fetch: (input, init) => fetch(input, init),
      clock,
      auth: sandboxJsonClient,
      timeoutMs: 2_000,
      maxRetries: 0,
      ...overrides,
    });

  beforeAll(async () => {
    simulator = await startEligibilityJsonSimulator({ clock, tokenTtlSeconds: 600 });
  });
  afterAll(() => simulator.close());
  afterEach(() => {
    simulator.faults = {};
    simulator.memberFaults = {};
  });

  it('asks with a 9-digit control number and ties the answer to it', async () => {
    const result = await adapter({ controlNumberSeed: 41 }).check(requestFor(sandboxScenarioMembers.activePpo));
    expect(result.traceNumber).toBe('000000042');
    expect(simulator.calls.at(-1)).toMatchObject({ path: '/medicalnetwork/eligibility/v3', status: 200, controlNumber: '000000042' });
    expect(result.warnings).toEqual([]);
  });

  it('uses a caller-supplied 9-digit trace number as the control number', async () => {
    const result = await adapter().check(requestFor(sandboxScenarioMembers.activePpo, { traceNumber: '123456789' }));
    expect(result.traceNumber).toBe('123456789');
  });

  it('reads benefits: copays in and out of network, coinsurance, deductibles, OOP', async () => {
    const result = await adapter().check(requestFor(sandboxScenarioMembers.activePpo));
    expect(result.status).toBe('ACTIVE');
    const find = (kind: string, level: string | null, period: string | null, network: string, types = ['30']) =>
      result.benefits.find(
        (benefit) =>
          benefit.kind.code === kind &&
          (benefit.coverageLevel?.code ?? null) === level &&
          (benefit.timePeriod?.code ?? null) === period &&
          benefit.network === network &&
          benefit.serviceTypes.map((type) => type.code).join() === types.join(),
      );
    expect(find('B', 'IND', '27', 'IN_NETWORK', ['98'])?.amount).toEqual({ amountMinor: 2500, currency: 'USD' });
    expect(find('B', 'IND', '27', 'OUT_OF_NETWORK', ['98'])?.amount).toEqual({ amountMinor: 5000, currency: 'USD' });
    expect(find('A', 'IND', null, 'IN_NETWORK')?.percent).toBe(0.2);
    expect(find('A', 'IND', null, 'OUT_OF_NETWORK')?.percent).toBe(0.4);
    expect(find('C', 'IND', '23', 'IN_NETWORK')?.amount?.amountMinor).toBe(150_000);
    expect(find('C', 'IND', '29', 'IN_NETWORK')?.amount?.amountMinor).toBe(101_929);
    expect(find('C', 'FAM', '23', 'IN_NETWORK')?.amount?.amountMinor).toBe(300_000);
    expect(find('C', 'IND', '23', 'OUT_OF_NETWORK')?.amount?.amountMinor).toBe(300_000);
    expect(find('G', 'IND', '29', 'IN_NETWORK')?.amount?.amountMinor).toBe(580_025);
    expect(find('B', 'IND', '27', 'BOTH', ['86'])?.amount?.amountMinor).toBe(25_000);
    expect(find('B', 'IND', '27', 'IN_NETWORK', ['62'])?.authorizationRequired).toBe(true);
    expect(result.plan).toMatchObject({ name: 'SANDBOX PPO GOLD', groupNumber: 'GRP100001', planNumber: 'PPO-GOLD-01' });
  });

  it('reports an inactive plan with its end date', async () => {
    const result = await adapter().check(requestFor(sandboxScenarioMembers.inactive));
    expect(result.status).toBe('INACTIVE');
    expect(result.plan?.dates).toContainEqual({ qualifier: { code: '347', name: 'Plan End' }, start: null, end: '2023-12-31' });
  });

  it('returns AAA 75 at the subscriber as a rejection, not an error', async () => {
    const result = await adapter().check(requestFor(sandboxScenarioMembers.notFound));
    expect(result.status).toBe('UNKNOWN');
    expect(result.benefits).toEqual([]);
    expect(result.rejections).toEqual([expect.objectContaining({ reason: expect.objectContaining({ code: '75' }), loop: 'subscriber', retryable: false })]);
  });

  it('returns AAA 42 (payer unable to respond) as a retryable rejection', async () => {
    const result = await adapter().check(requestFor(sandboxScenarioMembers.payerUnavailable));
    expect(result.rejections).toEqual([
      expect.objectContaining({ reason: expect.objectContaining({ code: '42' }), followUpAction: expect.objectContaining({ code: 'R' }), loop: 'source', retryable: true }),
    ]);
  });

  it('answers for a dependent, and AAA 67 when the dependent is unknown', async () => {
    const subscriber = { memberId: sandboxScenarioMembers.subscriberWithDependent };
    const found = await adapter().check(requestFor('', { subscriber, dependent: { firstName: 'Finley', lastName: 'Sandbox', birthDate: '2015-06-01' } }));
    expect(found.status).toBe('ACTIVE');
    expect(found.dependent).toMatchObject({ firstName: 'FINLEY', lastName: 'SANDBOX', birthDate: '2015-06-01', gender: 'M' });
    expect(found.subscriber).toMatchObject({ memberId: sandboxScenarioMembers.subscriberWithDependent });
    expect(found.benefits.some((benefit) => benefit.kind.code === 'B')).toBe(true);
    const missing = await adapter().check(requestFor('', { subscriber, dependent: { firstName: 'Nobody', birthDate: '2001-01-01' } }));
    expect(missing.rejections).toEqual([expect.objectContaining({ reason: expect.objectContaining({ code: '67' }), loop: 'dependent' })]);
  });

  it('caches the OAuth token until shortly before it expires', async () => {
    const port = adapter();
    const before = simulator.tokenCalls();
    // Concurrent first calls share one token request.
    await Promise.all([port.check(requestFor(sandboxScenarioMembers.activeHdhp, { payerId: 'SANDBOX-PAYER-2' })), port.check(requestFor(sandboxScenarioMembers.activeHmo))]);
    await port.check(requestFor(sandboxScenarioMembers.activeHmo));
    expect(simulator.tokenCalls() - before).toBe(1);
    clock.advance(560_000); // 600 s token, refreshed 60 s early
    await port.check(requestFor(sandboxScenarioMembers.activeHmo));
    expect(simulator.tokenCalls() - before).toBe(2);
  });

  it('fetches a new token once when the API says 401 (revoked token)', async () => {
    const port = adapter();
    await port.check(requestFor(sandboxScenarioMembers.activeHmo));
    const before = simulator.tokenCalls();
    simulator.revokeTokens();
    const result = await port.check(requestFor(sandboxScenarioMembers.activeHmo));
    expect(result.status).toBe('ACTIVE');
    expect(simulator.tokenCalls() - before).toBe(1);
  });

  it('maps refused client credentials to a non-retryable UPSTREAM_UNAVAILABLE', async () => {
    const error = await failure(adapter({ auth: { clientId: sandboxJsonClient.clientId, clientSecret: 'wrong' } }).check(requestFor(sandboxScenarioMembers.activePpo)));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.retryable).toBe(false);
  });

  it('maps a missing bearer token (auth none against a protected API) to a credentials error', async () => {
    const error = await failure(adapter({ auth: 'none' }).check(requestFor(sandboxScenarioMembers.activePpo)));
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: false, details: { upstreamStatus: 401 } });
  });

  it('times out a slow answer as UPSTREAM_TIMEOUT', async () => {
    simulator.memberFaults[sandboxScenarioMembers.activeHmo] = { delayMs: 400 };
    const error = await failure(adapter({ timeoutMs: 100 }).check(requestFor(sandboxScenarioMembers.activeHmo)));
    expect(error.code).toBe('UPSTREAM_TIMEOUT');
    expect(error.retryable).toBe(true);
  });

  it('maps HTTP 503 to a retryable UPSTREAM_UNAVAILABLE, after one retry when allowed', async () => {
    simulator.faults.unavailable = true;
    const before = simulator.eligibilityCalls();
    const error = await failure(adapter({ maxRetries: 1 }).check(requestFor(sandboxScenarioMembers.activePpo)));
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    expect(simulator.eligibilityCalls() - before).toBe(2);
  });

  it('maps a body that is not the API JSON to UPSTREAM_INVALID', async () => {
    simulator.faults.garbage = true;
    const error = await failure(adapter().check(requestFor(sandboxScenarioMembers.activePpo)));
    expect(error.code).toBe('UPSTREAM_INVALID');
  });

  it('refuses an answer echoing another control number (another inquiry)', async () => {
    simulator.faults.wrongControlNumber = true;
    const error = await failure(adapter().check(requestFor(sandboxScenarioMembers.activePpo)));
    expect(error).toMatchObject({ code: 'UPSTREAM_INVALID', details: { reason: 'control number mismatch' } });
  });

  it('maps a 400 validation answer to UPSTREAM_REJECTED naming the fields, not the values', async () => {
    const error = await failure(adapter().check(requestFor(sandboxScenarioMembers.activePpo, { provider: { npi: '12345' } })));
    expect(error).toMatchObject({ code: 'UPSTREAM_REJECTED', retryable: false, details: { upstreamStatus: 400, fields: ['provider.npi'] } });
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('12345');
  });

  it('keeps PHI out of error messages and details', async () => {
    simulator.faults.garbage = true;
    const error = await failure(adapter().check(requestFor(sandboxScenarioMembers.activePpo)));
    const exposed = JSON.stringify({ message: error.message, details: error.details });
    for (const value of [sandboxScenarioMembers.activePpo, 'Avery', 'Sandbox', '1980']) expect(exposed).not.toContain(value);
  });

  it('pings the healthcheck', async () => {
    expect(await adapter().ping()).toBe(true);
    const closed = await startEligibilityJsonSimulator();
    await closed.close();
    expect(await adapter({ baseUrl: closed.url }).ping()).toBe(false);
  });
});
