import type { SandboxBenefit, SandboxMember, SandboxPlan } from './sandbox-member-types';

/**
 * Sandbox members with a non-emergency medical transportation (NEMT) benefit, answered the same
 * by both sandbox payers (X12 and JSON). Each is the member id of a second, hand-added Coverage
 * of a living sandbox patient (see the FHIR simulator's data/SOURCES.md), so a ride booked for
 * that patient's appointment can be checked against it. Invented, like the rest of the table.
 *
 * Written as payers send transportation in a 271 (005010X279A1): EB03 56 (medically related
 * transportation); limits as EB01 F with EB09 VS (visits) and EB10 the count, EB06 23 (calendar
 * year) for the allowance and 29 (remaining) for what is left; EB11 Y authorization required;
 * EB01 I non-covered.
 */
export const sandboxNemtScenarioMembers = {
  /** Covered: 12 one-way trips a calendar year, 10 left, a $2.00 copay per trip. */
  covered: 'MNEMT0001',
  /** The plan answers for 56: not covered. */
  notCovered: 'MNEMT0002',
  /** Covered, each trip needs a prior authorization. */
  authorizationRequired: 'MNEMT0003',
  /** The plan answers with its medical benefits but says nothing about 56. */
  silent: 'MNEMT0004',
} as const;

const medicaidPlan: SandboxPlan = { name: 'SANDBOX MEDICAID CARE', groupNumber: 'GRP560056', planNumber: 'MCD-NEMT-56', begin: '2024-01-01', insuranceType: 'MC' };

const planBenefits: SandboxBenefit[] = [
  { kind: '1', coverageLevel: 'IND', serviceTypes: ['30'], insuranceType: medicaidPlan.insuranceType, planCoverage: medicaidPlan.name },
  { kind: 'B', coverageLevel: 'IND', serviceTypes: ['98'], timePeriod: '27', amount: '4.00', network: 'Y' },
];

const nemtBenefits: Record<keyof typeof sandboxNemtScenarioMembers, SandboxBenefit[]> = {
  covered: [
    { kind: '1', coverageLevel: 'IND', serviceTypes: ['56'], authorizationRequired: 'N', network: 'Y' },
    { kind: 'F', coverageLevel: 'IND', serviceTypes: ['56'], timePeriod: '23', quantity: { qualifier: 'VS', value: '12' }, network: 'Y', messages: ['ONE-WAY TRIPS TO COVERED MEDICAL APPOINTMENTS'] },
    { kind: 'F', coverageLevel: 'IND', serviceTypes: ['56'], timePeriod: '29', quantity: { qualifier: 'VS', value: '10' }, network: 'Y' },
    { kind: 'B', coverageLevel: 'IND', serviceTypes: ['56'], timePeriod: '27', amount: '2.00', network: 'Y' },
  ],
  notCovered: [{ kind: 'I', coverageLevel: 'IND', serviceTypes: ['56'], messages: ['NON-EMERGENCY TRANSPORTATION NOT COVERED'] }],
  authorizationRequired: [
    { kind: '1', coverageLevel: 'IND', serviceTypes: ['56'], authorizationRequired: 'Y', network: 'Y', messages: ['PRIOR AUTHORIZATION REQUIRED FOR EACH TRIP'] },
  ],
  silent: [],
};

export const sandboxNemtMembers: readonly SandboxMember[] = ['SANDBOX-PAYER-1', 'SANDBOX-PAYER-2'].flatMap((payerId) =>
  (Object.keys(sandboxNemtScenarioMembers) as (keyof typeof sandboxNemtScenarioMembers)[]).map(
    (scenario): SandboxMember => ({
      memberId: sandboxNemtScenarioMembers[scenario],
      payerId,
      status: 'active',
      plan: medicaidPlan,
      benefits: [...planBenefits, ...nemtBenefits[scenario]],
    }),
  ),
);
