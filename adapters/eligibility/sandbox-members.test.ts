import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EligibilityRequest, EligibilityResponse, NetworkIndicator } from '../../src/domain/eligibility';
import type { EligibilityPort } from '../../src/ports/eligibility-port';
import { createEligibilityJsonAdapter } from './eligibility-json';
import { sandboxJsonClient, startEligibilityJsonSimulator } from './eligibility-json/simulator';
import { sandboxEhrMemberIds, sandboxMembers, sandboxPayerIds, sandboxScenarioMembers, sandboxTwoPayerMembers } from './sandbox-members';
import { createX12CoreAdapter } from './x12-core';
import { sandboxCoreCredentials, startX12CoreSimulator } from './x12-core/simulator';

/**
 * One scenario table, both adapters: each over real HTTP against its own simulator (X12 271
 * text in a CORE envelope; clearinghouse JSON), both must give the same domain answer, and
 * that answer must be what the sandbox member table says.
 */

const clock = { now: () => Date.parse('2024-06-15T12:00:00Z') };

const inquiry = (memberId: string, extra: Partial<EligibilityRequest> = {}): EligibilityRequest => ({
  payerId: 'SANDBOX-PAYER-1',
  provider: { npi: '1999999984', organizationName: 'SANDBOX CLINIC' },
  subscriber: { memberId, firstName: 'Riley', lastName: 'Sandbox', birthDate: '1970-01-01', gender: 'U' },
  serviceTypeCodes: ['30'],
  dateOfService: '2024-06-15',
  ...extra,
});

interface Scenario {
  name: string;
  request: EligibilityRequest;
  status: EligibilityResponse['status'];
  /** [AAA03, loop, retryable] */
  rejections: [string, string, boolean][];
}

const payerOf = (memberId: string) => sandboxMembers.find((member) => member.memberId === memberId)?.payerId ?? 'none';

const withDependent = (firstName: string, birthDate: string): Partial<EligibilityRequest> => ({
  subscriber: { memberId: sandboxScenarioMembers.subscriberWithDependent },
  dependent: { firstName, lastName: 'Sandbox', birthDate },
});

const scenarios: Scenario[] = [
  { name: 'active PPO', request: inquiry(sandboxScenarioMembers.activePpo), status: 'ACTIVE', rejections: [] },
  { name: 'active HMO, office visit asked', request: inquiry(sandboxScenarioMembers.activeHmo, { serviceTypeCodes: ['98'] }), status: 'ACTIVE', rejections: [] },
  { name: 'HDHP at the second payer', request: inquiry(sandboxScenarioMembers.activeHdhp, { payerId: 'SANDBOX-PAYER-2' }), status: 'ACTIVE', rejections: [] },
  { name: 'inactive', request: inquiry(sandboxScenarioMembers.inactive), status: 'INACTIVE', rejections: [] },
  { name: 'member not found', request: inquiry(sandboxScenarioMembers.notFound), status: 'UNKNOWN', rejections: [['75', 'subscriber', false]] },
  { name: 'member of another payer', request: inquiry(sandboxScenarioMembers.activeHdhp), status: 'UNKNOWN', rejections: [['75', 'subscriber', false]] },
  { name: 'payer unable to respond', request: inquiry(sandboxScenarioMembers.payerUnavailable), status: 'UNKNOWN', rejections: [['42', 'source', true]] },
  { name: 'dependent', request: inquiry('', withDependent('Finley', '2015-06-01')), status: 'ACTIVE', rejections: [] },
  { name: 'unknown dependent', request: inquiry('', withDependent('Morgan', '2010-01-01')), status: 'UNKNOWN', rejections: [['67', 'dependent', false]] },
  ...sandboxEhrMemberIds.map(
    (memberId): Scenario => ({ name: `EHR coverage ${memberId}`, request: inquiry(memberId, { payerId: payerOf(memberId) }), status: 'ACTIVE', rejections: [] }),
  ),
  { name: 'EHR member at the other payer', request: inquiry(sandboxTwoPayerMembers['SANDBOX-PAYER-2']), status: 'UNKNOWN', rejections: [['75', 'subscriber', false]] },
];

const networks: Record<string, NetworkIndicator> = { Y: 'IN_NETWORK', N: 'OUT_OF_NETWORK', W: 'BOTH', U: 'UNKNOWN' };

/** What both adapters must agree on: everything but our own trace number and reader notes. */
const comparable = ({ traceNumber: _trace, warnings: _warnings, ...rest }: EligibilityResponse) => rest;

describe('sandbox members through both eligibility adapters', () => {
  let x12Simulator: Awaited<ReturnType<typeof startX12CoreSimulator>>;
  let jsonSimulator: Awaited<ReturnType<typeof startEligibilityJsonSimulator>>;
  let x12: EligibilityPort;
  let json: EligibilityPort;

  beforeAll(async () => {
    [x12Simulator, jsonSimulator] = await Promise.all([startX12CoreSimulator({ clock }), startEligibilityJsonSimulator({ clock })]);
    const common = { fetch: (input: string | URL | Request, init?: RequestInit) => fetch(input, init), clock, timeoutMs: 5_000 };
    x12 = createX12CoreAdapter({ ...common, sourceId: 'x12', baseUrl: x12Simulator.url, senderId: 'CAREGATE', receiverId: 'SANDBOXCH', credentials: sandboxCoreCredentials });
    json = createEligibilityJsonAdapter({ ...common, sourceId: 'json', baseUrl: jsonSimulator.url, auth: sandboxJsonClient });
  });
  afterAll(async () => {
    await Promise.all([x12Simulator.close(), jsonSimulator.close()]);
  });

  it('serves every sandbox EHR coverage member id at a served payer', () => {
    expect(sandboxEhrMemberIds).toHaveLength(14);
    for (const memberId of sandboxEhrMemberIds) {
      expect(memberId).toMatch(/^M[0-9A-F]{8}$/);
      const member = sandboxMembers.find((candidate) => candidate.memberId === memberId);
      expect(sandboxPayerIds).toContain(member?.payerId);
    }
  });

  it.each(scenarios)('$name: same answer from X12 and JSON', async (scenario) => {
    const [fromX12, fromJson] = await Promise.all([x12.check(scenario.request), json.check(scenario.request)]);
    for (const result of [fromX12, fromJson]) {
      expect(result.status).toBe(scenario.status);
      expect(result.rejections.map((rejection) => [rejection.reason.code, rejection.loop, rejection.retryable])).toEqual(scenario.rejections);
      expect(result.warnings).toEqual([]);
      expect(result.traceNumber).not.toBeNull();
    }
    expect(comparable(fromX12)).toEqual(comparable(fromJson));
  });

  it.each(sandboxMembers.filter((member) => !member.rejection))('$memberId: benefits are the table rendered faithfully', async (member) => {
    const dependent = member.dependents?.[0];
    const request = inquiry(member.memberId, {
      payerId: member.payerId,
      ...(dependent ? { dependent: { firstName: dependent.firstName, lastName: dependent.lastName, birthDate: dependent.birthDate } } : {}),
    });
    const expected = member.benefits.map((benefit) => ({
      kind: benefit.kind,
      level: benefit.coverageLevel ?? null,
      types: benefit.serviceTypes,
      period: benefit.timePeriod ?? null,
      // An independent oracle: rounding the float is exact for two-decimal amounts.
      cents: benefit.amount === undefined ? null : Math.round(Number(benefit.amount) * 100),
      percent: benefit.percent === undefined ? null : Number(benefit.percent),
      network: benefit.network ? networks[benefit.network] : 'UNKNOWN',
      auth: benefit.authorizationRequired === 'Y' ? true : benefit.authorizationRequired === 'N' ? false : null,
      messages: benefit.messages ?? [],
    }));
    for (const port of [x12, json]) {
      const result = await port.check(request);
      const actual = result.benefits.map((benefit) => ({
        kind: benefit.kind.code,
        level: benefit.coverageLevel?.code ?? null,
        types: benefit.serviceTypes.map((type) => type.code),
        period: benefit.timePeriod?.code ?? null,
        cents: benefit.amount?.amountMinor ?? null,
        percent: benefit.percent,
        network: benefit.network,
        auth: benefit.authorizationRequired,
        messages: benefit.messages,
      }));
      expect(actual).toEqual(expected);
      expect(result.plan).toMatchObject({ name: member.plan.name, groupNumber: member.plan.groupNumber, planNumber: member.plan.planNumber });
      expect(result.status).toBe(member.status === 'active' ? 'ACTIVE' : 'INACTIVE');
    }
  });
});
