/** The shape of the sandbox eligibility member table (see sandbox-members.ts), in X12 terms. */

export interface SandboxBenefit {
  /** EB01: 1 active, 6 inactive, A co-insurance, B co-payment, C deductible, G out-of-pocket, I non-covered. */
  kind: string;
  /** EB02: IND, FAM... */
  coverageLevel?: string;
  /** EB03 service type codes. */
  serviceTypes: string[];
  /** EB04 insurance type (PR PPO, HM HMO...). */
  insuranceType?: string;
  /** EB05 plan coverage description. */
  planCoverage?: string;
  /** EB06: 23 calendar year, 27 visit, 29 remaining... */
  timePeriod?: string;
  /** EB07 as the payer writes it: a decimal string in dollars. */
  amount?: string;
  /** EB08 as a decimal fraction string ("0.2" is 20 %). */
  percent?: string;
  /** EB09 quantity qualifier (VS visits, P6 services) and EB10 the quantity, a decimal string. */
  quantity?: { qualifier: string; value: string };
  /** EB11 authorization or certification required. */
  authorizationRequired?: 'Y' | 'N' | 'U';
  /** EB12 in-plan network: Y in, N out, W not applicable (both), U unknown. */
  network?: 'Y' | 'N' | 'W' | 'U';
  /** MSG free text. */
  messages?: string[];
}

export interface SandboxRejection {
  /** AAA03 reject reason (42 unable to respond, 75 subscriber not found...). */
  reason: string;
  /** AAA04 follow-up action (C correct and resubmit, R resubmission allowed, N not allowed...). */
  followUp: string;
  /** Where the payer puts the AAA: 2100A information source, 2100C subscriber, 2100D dependent. */
  loop: 'source' | 'subscriber' | 'dependent';
}

export interface SandboxPlan {
  /** Plan name (EB05 on the active-coverage line / planStatus planDetails). */
  name: string;
  groupNumber: string;
  planNumber: string;
  /** YYYY-MM-DD */
  begin: string;
  end?: string;
  insuranceType: string;
}

export interface SandboxPerson {
  firstName: string;
  lastName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  gender: 'M' | 'F' | 'U';
}

export interface SandboxDependent extends SandboxPerson {
  /** INS02 relationship: 01 spouse, 19 child. */
  relationship: '01' | '19';
}

export interface SandboxMember {
  memberId: string;
  payerId: string;
  /** Absent for the EHR's members: the simulators echo the requested name and birth date. */
  person?: SandboxPerson;
  status: 'active' | 'inactive';
  plan: SandboxPlan;
  benefits: SandboxBenefit[];
  dependents?: SandboxDependent[];
  /** When set the payer answers with this AAA instead of benefits. */
  rejection?: SandboxRejection;
}
