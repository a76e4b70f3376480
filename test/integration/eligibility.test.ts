import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxScenarioMembers } from '../../adapters/eligibility/sandbox-members';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { sandboxSimulator as x12CoreSandbox } from '../../adapters/eligibility/x12-core/sandbox';
import { sandboxSimulator as eligibilityJsonSandbox } from '../../adapters/eligibility/eligibility-json/sandbox';

/** Eligibility through GraphQL against both sandbox eligibility simulators over HTTP. */
let simulators: SandboxSimulators;
let gateway: TestGateway;

const ELIGIBILITY = `query Check($input: EligibilityInput!) {
  eligibility(input: $input) {
    status traceNumber checkedAt
    payer { id name }
    plan { name groupNumber }
    freshness { state ageSeconds reason }
    rejections { reason { code name } followUpAction { code } loop retryable }
    benefits { kind { code name } coverageLevel { code } serviceTypes { code } network timePeriod { code } amount { amountMinor currency } percent }
  }
}`;

interface BenefitView {
  kind: { code: string };
  coverageLevel: { code: string } | null;
  network: string;
  timePeriod: { code: string } | null;
  amount: { amountMinor: number; currency: string } | null;
  percent: number | null;
}
interface EligibilityView {
  status: string;
  freshness: { state: string; ageSeconds: number; reason: string | null };
  benefits: BenefitView[];
  payer: { id: string };
}

const x12 = () => {
  return simulators.of(x12CoreSandbox);
};

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  gateway = await startTestGateway({ simulators });
});
afterAll(async () => {
  await gateway?.close();
  await simulators?.close();
});

const check = (memberId: string, payerId = 'SANDBOX-PAYER-1', partner = 'sandbox-internal', extra: Record<string, unknown> = {}) =>
  gateway.graphql<{ eligibility: EligibilityView }>(ELIGIBILITY, {
    partner,
    variables: { input: { payerId, subscriber: { memberId }, dateOfService: '2030-01-15', ...extra } },
  });

describe('eligibility via GraphQL', () => {
  it('returns structured benefits for an active member over X12 270/271', async () => {
    const { body } = await check(sandboxScenarioMembers.activePpo);
    expect(body.errors).toBeUndefined();
    const result = body.data?.eligibility as EligibilityView;
    expect(result.status).toBe('ACTIVE');
    expect(result.freshness.state).toBe('FRESH');
    const copays = result.benefits.filter((b) => b.kind.code === 'B');
    expect(copays.some((b) => b.network === 'IN_NETWORK' && (b.amount?.amountMinor ?? 0) > 0)).toBe(true);
    expect(copays.some((b) => b.network === 'OUT_OF_NETWORK')).toBe(true);
    const coinsurance = result.benefits.find((b) => b.kind.code === 'A');
    expect(coinsurance?.percent).toBeGreaterThan(0);
    expect(coinsurance?.percent).toBeLessThan(1);
    const deductibles = result.benefits.filter((b) => b.kind.code === 'C');
    expect(deductibles.map((b) => b.timePeriod?.code)).toEqual(expect.arrayContaining(['23', '29']));
    expect(deductibles.every((b) => b.amount?.currency === 'USD' && Number.isInteger(b.amount.amountMinor))).toBe(true);
  });

  it('returns the same shape from the clearinghouse JSON source', async () => {
    const { body } = await check(sandboxScenarioMembers.activeHdhp, 'SANDBOX-PAYER-2');
    expect(body.errors).toBeUndefined();
    expect(body.data?.eligibility.status).toBe('ACTIVE');
    expect(body.data?.eligibility.payer.id).toBeTruthy();
    expect(body.data?.eligibility.benefits.some((b) => b.kind.code === 'C')).toBe(true);
  });

  it('reports an inactive plan as INACTIVE', async () => {
    const { body } = await check(sandboxScenarioMembers.inactive);
    expect(body.data?.eligibility.status).toBe('INACTIVE');
  });

  it('answers PAYER_REJECTED with the AAA details for an unknown member', async () => {
    const { body } = await check(sandboxScenarioMembers.notFound);
    const error = body.errors?.[0];
    expect(error?.extensions?.['code']).toBe('PAYER_REJECTED');
    expect(error?.extensions?.['retryable']).toBe(false);
    expect(error?.extensions?.['details']).toEqual({
      rejections: [expect.objectContaining({ reason: '75', loop: 'subscriber', retryable: false })],
    });
  });

  it('serves the last good answer, flagged STALE, when the payer becomes unavailable', async () => {
    const staleGateway = await startTestGateway({
      simulators,
      adjustConfig: (config) => ({
        ...config,
        sources: config.sources.map((source) => (source.kind === 'eligibility' ? { ...source, cache: { ttlSeconds: 0, staleSeconds: 3600 } } : source)),
      }),
    });
    try {
      const query = (memberId: string) =>
        staleGateway.graphql<{ eligibility: EligibilityView }>(ELIGIBILITY, { variables: { input: { payerId: 'SANDBOX-PAYER-1', subscriber: { memberId }, dateOfService: '2030-02-01' } } });
      const first = await query(sandboxScenarioMembers.activeHmo);
      expect(first.body.data?.eligibility.freshness.state).toBe('FRESH');
      x12().faults.unavailable = 'http503';
      const second = await query(sandboxScenarioMembers.activeHmo);
      expect(second.body.errors).toBeUndefined();
      expect(second.body.data?.eligibility.freshness).toMatchObject({ state: 'STALE', reason: 'UPSTREAM_UNAVAILABLE' });
      expect(second.body.data?.eligibility.benefits).toEqual(first.body.data?.eligibility.benefits);
      x12().faults.unavailable = 'aaa42';
      const third = await query(sandboxScenarioMembers.activeHmo);
      expect(third.body.data?.eligibility.freshness.state).toBe('STALE');
      // Without an earlier answer there is nothing to fall back on: the partner sees a retryable error.
      const never = await query(sandboxScenarioMembers.subscriberWithDependent);
      expect(never.body.errors?.[0]?.extensions).toMatchObject({ retryable: true });
    } finally {
      x12().faults.unavailable = undefined;
      await staleGateway.close();
    }
  });

  it('makes one upstream call for 100 concurrent identical checks', async () => {
    const before = x12().calls.length;
    const results = await Promise.all(Array.from({ length: 100 }, () => check(sandboxScenarioMembers.subscriberWithDependent, 'SANDBOX-PAYER-1', 'sandbox-internal', { dateOfService: '2030-03-03' })));
    expect(results.every((result) => result.body.data?.eligibility.status === 'ACTIVE')).toBe(true);
    expect(x12().calls.length - before).toBe(1);
  });

  it('answers a repeat from the cache, with its age', async () => {
    await check(sandboxScenarioMembers.activePpo, 'SANDBOX-PAYER-1', 'sandbox-internal', { dateOfService: '2030-04-04' });
    const before = x12().calls.length;
    const { body } = await check(sandboxScenarioMembers.activePpo, 'SANDBOX-PAYER-1', 'sandbox-internal', { dateOfService: '2030-04-04' });
    expect(body.data?.eligibility.freshness.state).toBe('CACHED');
    expect(x12().calls.length).toBe(before);
  });

  it('runs Coverage.eligibility end to end from the EHR coverage', async () => {
    const { body } = await gateway.graphql<{ patients: { edges: { node: { coverages: { memberId: string; payer: { id: string }; eligibility: EligibilityView }[] } }[] } }>(
      `{ patients(search:{family:"Jast432"}) { edges { node { coverages { memberId payer { id } eligibility(serviceTypeCodes: ["30"]) { status benefits { kind { code } } } } } } } }`,
    );
    expect(body.errors).toBeUndefined();
    const coverage = body.data?.patients.edges[0]?.node.coverages[0];
    expect(coverage?.payer.id).toBe('SANDBOX-PAYER-1');
    expect(coverage?.eligibility.status).toBe('ACTIVE');
    expect(gateway.audit.some((event) => event.action === 'eligibility-check' && event.resourceType === 'Eligibility')).toBe(true);
  });

  it('refuses a payer the partner does not contract with, and partners without the scope', async () => {
    const other = await check(sandboxScenarioMembers.activeHdhp, 'SANDBOX-PAYER-2', 'sandbox-payer');
    expect(other.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const rides = await check(sandboxScenarioMembers.activePpo, 'SANDBOX-PAYER-1', 'sandbox-rides');
    expect(rides.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('refuses malformed input with BAD_INPUT', async () => {
    const { body } = await check(sandboxScenarioMembers.activePpo, 'SANDBOX-PAYER-1', 'sandbox-internal', { serviceTypeCodes: ['30', 'not a code'] });
    expect(body.errors?.[0]?.extensions?.['code']).toBe('BAD_INPUT');
  });
});

/**
 * Validate, never rewrite: a value that cannot go into the 270 (or the clearinghouse JSON, which
 * becomes a 270) as it is, is refused naming the field, and no payer is asked. Before, a member
 * id with a control character was "cleaned" into the id of an active member and answered ACTIVE.
 */
describe('eligibility input is checked, never cleaned', () => {
  const expectRefusedUpstreamUntouched = async (payerId: string, input: Record<string, unknown>, field: string) => {
    const before = { x12: x12().calls.length, json: simulators.of(eligibilityJsonSandbox).calls.length };
    const { status, body } = await gateway.graphql<{ eligibility: EligibilityView }>(ELIGIBILITY, {
      variables: { input: { payerId, dateOfService: '2030-05-05', ...input } },
    });
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', details: { field } });
    expect(JSON.stringify(body)).not.toContain(sandboxScenarioMembers.activePpo);
    expect(x12().calls.length).toBe(before.x12);
    expect(simulators.of(eligibilityJsonSandbox).calls.length).toBe(before.json);
  };

  it('refuses a member id with a control character (it is not the active member it would be cleaned into)', async () => {
    const { body } = await check(sandboxScenarioMembers.activePpo);
    expect(body.data?.eligibility.status).toBe('ACTIVE');
    await expectRefusedUpstreamUntouched('SANDBOX-PAYER-1', { subscriber: { memberId: `${sandboxScenarioMembers.activePpo}\u0007` } }, 'subscriber.memberId');
    await expectRefusedUpstreamUntouched('SANDBOX-PAYER-1', { subscriber: { memberId: `${sandboxScenarioMembers.activePpo}\u0000` } }, 'subscriber.memberId');
  });

  it('refuses X12 delimiters and spaces at either end instead of dropping them', async () => {
    await expectRefusedUpstreamUntouched('SANDBOX-PAYER-1', { subscriber: { memberId: `${sandboxScenarioMembers.activePpo}~` } }, 'subscriber.memberId');
    await expectRefusedUpstreamUntouched('SANDBOX-PAYER-1', { subscriber: { memberId: ` ${sandboxScenarioMembers.activePpo}` } }, 'subscriber.memberId');
    await expectRefusedUpstreamUntouched('SANDBOX-PAYER-1', { subscriber: { memberId: sandboxScenarioMembers.activePpo, lastName: 'Smith*Jones' } }, 'subscriber.lastName');
  });

  it('refuses values longer than the TR3 element (NM109 80, NM103 60, NM104 35)', async () => {
    await expectRefusedUpstreamUntouched('SANDBOX-PAYER-1', { subscriber: { memberId: 'M'.repeat(81) } }, 'subscriber.memberId');
    await expectRefusedUpstreamUntouched('SANDBOX-PAYER-1', { subscriber: { memberId: 'M' } }, 'subscriber.memberId');
    await expectRefusedUpstreamUntouched('SANDBOX-PAYER-1', { subscriber: { memberId: sandboxScenarioMembers.activePpo, lastName: 'L'.repeat(61) } }, 'subscriber.lastName');
    await expectRefusedUpstreamUntouched('SANDBOX-PAYER-1', { subscriber: { memberId: sandboxScenarioMembers.activePpo, firstName: 'F'.repeat(36) } }, 'subscriber.firstName');
  });

  it('applies the same rules to the clearinghouse JSON source and to dependents', async () => {
    await expectRefusedUpstreamUntouched('SANDBOX-PAYER-2', { subscriber: { memberId: `${sandboxScenarioMembers.activeHdhp}\n` } }, 'subscriber.memberId');
    await expectRefusedUpstreamUntouched('SANDBOX-PAYER-2', { subscriber: { memberId: sandboxScenarioMembers.activeHdhp, firstName: 'Jos\u00e9' } }, 'subscriber.firstName');
    await expectRefusedUpstreamUntouched(
      'SANDBOX-PAYER-1',
      { subscriber: { memberId: sandboxScenarioMembers.subscriberWithDependent }, dependent: { firstName: 'Sam', lastName: 'Test\u202eperson' } },
      'dependent.lastName',
    );
  });
  it('refuses any GraphQL string input over 1024 characters before a resolver runs (literal or variable)', async () => {
    const before = x12().calls.length;
    const viaVariable = await check('M'.repeat(1025));
    expect(viaVariable.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_INPUT',
      details: { limit: 'stringLength', max: 1024, field: '$input.subscriber.memberId' },
    });
    const literal = await gateway.graphql(`{ eligibility(input: { payerId: "SANDBOX-PAYER-1", subscriber: { memberId: "${'M'.repeat(1025)}" } }) { status } }`);
    expect(literal.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', details: { limit: 'stringLength', field: 'eligibility.input.subscriber.memberId' } });
    expect(x12().calls.length).toBe(before);
  });
});
