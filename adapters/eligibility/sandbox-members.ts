import type { SandboxBenefit, SandboxDependent, SandboxMember, SandboxPlan, SandboxRejection } from './sandbox-member-types';
import { sandboxNemtMembers } from './sandbox-nemt-members';

/**
 * The synthetic members both eligibility simulators answer from (X12 over CAQH CORE and the
 * clearinghouse JSON API), so the sandbox gives the same answer whichever adapter is wired.
 * Everything here is invented. Benefits are written in X12 terms (EB01..EB12 codes, decimal
 * strings) because both wire formats carry exactly those codes.
 *
 * The `M` + 8 hex member ids of the sandbox EHR's coverages (Synthea-derived
 * Coverage.subscriberId) are listed so `Coverage.eligibility` works end to end; they were
 * copied once from the fixture, never read at run time.
 */

export interface SandboxPayer {
  id: string;
  name: string;
}

export const sandboxPayers: readonly SandboxPayer[] = [
  { id: 'SANDBOX-PAYER-1', name: 'Synthetic Health Plan' },
  { id: 'SANDBOX-PAYER-2', name: 'Sandbox Mutual Insurance' },
];

/** Payer ids the sandbox eligibility sources serve (the config's `payerIds`). */
export const sandboxPayerIds: readonly string[] = sandboxPayers.map((payer) => payer.id);

export type { SandboxBenefit, SandboxDependent, SandboxMember, SandboxPerson, SandboxPlan, SandboxRejection } from './sandbox-member-types';

const ppoPlan: SandboxPlan = { name: 'SANDBOX PPO GOLD', groupNumber: 'GRP100001', planNumber: 'PPO-GOLD-01', begin: '2024-01-01', insuranceType: 'PR' };
const hmoPlan: SandboxPlan = { name: 'SANDBOX HMO SILVER', groupNumber: 'GRP200002', planNumber: 'HMO-SILVER-02', begin: '2024-01-01', insuranceType: 'HM' };
const hdhpPlan: SandboxPlan = { name: 'SANDBOX HDHP BRONZE', groupNumber: 'GRP300003', planNumber: 'HDHP-BRONZE-03', begin: '2024-01-01', insuranceType: 'PR' };

const active = (plan: SandboxPlan): SandboxBenefit => ({ kind: '1', coverageLevel: 'IND', serviceTypes: ['30'], insuranceType: plan.insuranceType, planCoverage: plan.name });

/** Rich PPO: copays in and out of network, coinsurance, deductibles (total and remaining), OOP max. */
const ppoBenefits = (remainingDeductible: string, remainingOop: string): SandboxBenefit[] => [
  active(ppoPlan),
  { kind: 'B', coverageLevel: 'IND', serviceTypes: ['98'], timePeriod: '27', amount: '25.00', network: 'Y', messages: ['PRIMARY CARE OFFICE VISIT'] },
  { kind: 'B', coverageLevel: 'IND', serviceTypes: ['98'], timePeriod: '27', amount: '50', network: 'N' },
  { kind: 'B', coverageLevel: 'IND', serviceTypes: ['UC'], timePeriod: '27', amount: '75.00', network: 'Y' },
  { kind: 'B', coverageLevel: 'IND', serviceTypes: ['86'], timePeriod: '27', amount: '250.00', network: 'W' },
  { kind: 'A', coverageLevel: 'IND', serviceTypes: ['30'], percent: '0.2', network: 'Y' },
  { kind: 'A', coverageLevel: 'IND', serviceTypes: ['30'], percent: '0.4', network: 'N', messages: ['COINS APPLIES TO OUT OF POCKET'] },
  { kind: 'C', coverageLevel: 'IND', serviceTypes: ['30'], timePeriod: '23', amount: '1500', network: 'Y' },
  { kind: 'C', coverageLevel: 'IND', serviceTypes: ['30'], timePeriod: '29', amount: remainingDeductible, network: 'Y' },
  { kind: 'C', coverageLevel: 'FAM', serviceTypes: ['30'], timePeriod: '23', amount: '3000', network: 'Y' },
  { kind: 'C', coverageLevel: 'FAM', serviceTypes: ['30'], timePeriod: '29', amount: '2750.00', network: 'Y' },
  { kind: 'C', coverageLevel: 'IND', serviceTypes: ['30'], timePeriod: '23', amount: '3000', network: 'N' },
  { kind: 'G', coverageLevel: 'IND', serviceTypes: ['30'], timePeriod: '23', amount: '6000', network: 'Y', messages: ['DED INCLUDED IN OOP'] },
  { kind: 'G', coverageLevel: 'IND', serviceTypes: ['30'], timePeriod: '29', amount: remainingOop, network: 'Y' },
  { kind: 'B', coverageLevel: 'IND', serviceTypes: ['62'], timePeriod: '27', amount: '100.00', authorizationRequired: 'Y', network: 'Y' },
];

const hmoBenefits = (remainingDeductible: string): SandboxBenefit[] => [
  active(hmoPlan),
  { kind: 'B', coverageLevel: 'IND', serviceTypes: ['98'], timePeriod: '27', amount: '15', network: 'Y' },
  { kind: 'B', coverageLevel: 'IND', serviceTypes: ['UC'], timePeriod: '27', amount: '50', network: 'Y' },
  { kind: 'A', coverageLevel: 'IND', serviceTypes: ['30'], percent: '0.1', network: 'Y' },
  { kind: 'I', serviceTypes: ['30'], network: 'N', messages: ['OUT OF NETWORK NOT COVERED EXCEPT EMERGENCY'] },
  { kind: 'C', coverageLevel: 'IND', serviceTypes: ['30'], timePeriod: '23', amount: '500', network: 'Y' },
  { kind: 'C', coverageLevel: 'IND', serviceTypes: ['30'], timePeriod: '29', amount: remainingDeductible, network: 'Y' },
  { kind: 'G', coverageLevel: 'IND', serviceTypes: ['30'], timePeriod: '23', amount: '4000', network: 'Y' },
];

const hdhpBenefits = (remainingDeductible: string): SandboxBenefit[] => [
  active(hdhpPlan),
  { kind: 'A', coverageLevel: 'IND', serviceTypes: ['30'], percent: '0.3', network: 'Y' },
  { kind: 'A', coverageLevel: 'IND', serviceTypes: ['30'], percent: '0.5', network: 'N' },
  { kind: 'C', coverageLevel: 'IND', serviceTypes: ['30'], timePeriod: '23', amount: '6000', network: 'Y' },
  { kind: 'C', coverageLevel: 'IND', serviceTypes: ['30'], timePeriod: '29', amount: remainingDeductible, network: 'Y' },
  { kind: 'C', coverageLevel: 'FAM', serviceTypes: ['30'], timePeriod: '23', amount: '12000', network: 'Y' },
  { kind: 'G', coverageLevel: 'IND', serviceTypes: ['30'], timePeriod: '23', amount: '7500', network: 'W' },
];

/** Member ids of the named scenarios, for tests and docs. */
export const sandboxScenarioMembers = {
  /** PPO with copays in/out of network, coinsurance, deductibles, OOP max. */
  activePpo: 'MACE00001',
  /** HMO with copays, 10 % coinsurance, out-of-network non-covered. */
  activeHmo: 'MACE00002',
  /** High-deductible plan: coinsurance and large deductibles only. */
  activeHdhp: 'MACE00003',
  /** Coverage ended last year: EB*6. */
  inactive: 'MDEAD0006',
  /** Not in the table: AAA 75 (subscriber not found) at the subscriber. */
  notFound: 'M00000075',
  /** The payer cannot answer now: AAA 42 with follow-up R at the information source. */
  payerUnavailable: 'M0000042A',
  /** A subscriber whose plan covers a dependent child. */
  subscriberWithDependent: 'MFA111E01',
} as const;

const scenarioMembers: SandboxMember[] = [
  {
    memberId: sandboxScenarioMembers.activePpo,
    payerId: 'SANDBOX-PAYER-1',
    person: { firstName: 'AVERY', lastName: 'SANDBOX', birthDate: '1980-04-12', gender: 'F' },
    status: 'active',
    plan: ppoPlan,
    benefits: ppoBenefits('1019.29', '5800.25'),
  },
  {
    memberId: sandboxScenarioMembers.activeHmo,
    payerId: 'SANDBOX-PAYER-1',
    person: { firstName: 'BLAKE', lastName: 'SANDBOX', birthDate: '1975-09-30', gender: 'M' },
    status: 'active',
    plan: hmoPlan,
    benefits: hmoBenefits('0.07'),
  },
  {
    memberId: sandboxScenarioMembers.activeHdhp,
    payerId: 'SANDBOX-PAYER-2',
    person: { firstName: 'CASEY', lastName: 'SANDBOX', birthDate: '1992-01-05', gender: 'U' },
    status: 'active',
    plan: hdhpPlan,
    benefits: hdhpBenefits('5999.99'),
  },
  {
    memberId: sandboxScenarioMembers.inactive,
    payerId: 'SANDBOX-PAYER-1',
    person: { firstName: 'DREW', lastName: 'SANDBOX', birthDate: '1960-07-21', gender: 'M' },
    status: 'inactive',
    plan: { ...ppoPlan, begin: '2022-01-01', end: '2023-12-31' },
    benefits: [{ kind: '6', coverageLevel: 'IND', serviceTypes: ['30'], insuranceType: 'PR', planCoverage: ppoPlan.name, messages: ['COVERAGE TERMINATED'] }],
  },
  {
    memberId: sandboxScenarioMembers.payerUnavailable,
    payerId: 'SANDBOX-PAYER-1',
    status: 'active',
    plan: ppoPlan,
    benefits: [],
    rejection: { reason: '42', followUp: 'R', loop: 'source' },
  },
  {
    memberId: sandboxScenarioMembers.subscriberWithDependent,
    payerId: 'SANDBOX-PAYER-1',
    person: { firstName: 'EMERSON', lastName: 'SANDBOX', birthDate: '1983-02-14', gender: 'F' },
    status: 'active',
    plan: hmoPlan,
    benefits: hmoBenefits('250.50'),
    dependents: [{ firstName: 'FINLEY', lastName: 'SANDBOX', birthDate: '2015-06-01', gender: 'M', relationship: '19' }],
  },
];

/**
 * Member ids of the sandbox EHR coverages (Coverage.subscriberId), each with a plan and a
 * remaining deductible so answers differ from one patient to the next; all at SANDBOX-PAYER-1
 * but the last (Cummings51's second coverage, at SANDBOX-PAYER-2).
 */
const ehrMemberPlans: readonly [string, 'ppo' | 'hmo' | 'hdhp', string, string?][] = [
  ['M79A66C97', 'ppo', '1250.00'],
  ['M3AF3708D', 'hmo', '320.15'],
  ['MA5CB8CE9', 'hdhp', '4870.33'],
  ['M129C6AC7', 'ppo', '0.00'],
  ['M7BC002FA', 'hmo', '500.00'],
  ['M8E1A0A7C', 'hdhp', '6000.00'],
  ['MFB7C882A', 'ppo', '733.10'],
  ['MBB6A9034', 'hmo', '45.99'],
  ['MCBC86E51', 'ppo', '1500.00'],
  ['MA4A401D1', 'hdhp', '2210.01'],
  ['MCA15B832', 'ppo', '99.95'],
  ['M6A4160EB', 'hmo', '410.40'],
  ['M63EE2253', 'hdhp', '5999.99'],
  ['M26F46CCE', 'ppo', '875.00', 'SANDBOX-PAYER-2'],
];

const ehrMembers: SandboxMember[] = ehrMemberPlans.map(([memberId, kind, remaining, payerId = 'SANDBOX-PAYER-1']) => {
  const plan = kind === 'ppo' ? ppoPlan : kind === 'hmo' ? hmoPlan : hdhpPlan;
  const benefits = kind === 'ppo' ? ppoBenefits(remaining, '5500.00') : kind === 'hmo' ? hmoBenefits(remaining) : hdhpBenefits(remaining);
  return { memberId, payerId, status: 'active', plan, benefits };
});

export const sandboxMembers: readonly SandboxMember[] = [...scenarioMembers, ...ehrMembers, ...sandboxNemtMembers];

/** The member ids the sandbox EHR's coverages carry. */
export const sandboxEhrMemberIds: readonly string[] = ehrMemberPlans.map(([memberId]) => memberId);

/** Member ids of the sandbox patient with coverages at both sandbox payers (Cummings51). */
export const sandboxTwoPayerMembers = { 'SANDBOX-PAYER-1': 'M6A4160EB', 'SANDBOX-PAYER-2': 'M26F46CCE' } as const;

export type SandboxLookup =
  | { kind: 'member'; member: SandboxMember; dependent: SandboxDependent | null }
  | { kind: 'rejection'; rejection: SandboxRejection };

export interface SandboxInquiry {
  payerId: string;
  memberId: string | undefined;
  dependent?: { firstName?: string | undefined; birthDate?: string | undefined } | undefined;
}

/**
 * What the sandbox payer answers for an inquiry: the member (and dependent), or the AAA a
 * real payer would send (75 unknown member or other payer's member, 67 dependent not found).
 */
export function lookupSandboxMember(inquiry: SandboxInquiry, members: readonly SandboxMember[] = sandboxMembers): SandboxLookup {
  const member = members.find((candidate) => candidate.memberId === inquiry.memberId?.toUpperCase() && candidate.payerId === inquiry.payerId);
  if (!member) return { kind: 'rejection', rejection: { reason: '75', followUp: 'C', loop: 'subscriber' } };
  if (member.rejection) return { kind: 'rejection', rejection: member.rejection };
  if (!inquiry.dependent) return { kind: 'member', member, dependent: null };
  const wanted = inquiry.dependent;
  const dependent = (member.dependents ?? []).find(
    (candidate) =>
      (!wanted.firstName || candidate.firstName === wanted.firstName.toUpperCase()) &&
      (!wanted.birthDate || candidate.birthDate === wanted.birthDate),
  );
  if (!dependent) return { kind: 'rejection', rejection: { reason: '67', followUp: 'C', loop: 'dependent' } };
  return { kind: 'member', member, dependent };
}
