import type { CodedValue, Freshness, Money } from './common';

/**
 * Vendor-neutral eligibility model: what a 271 or a clearinghouse JSON answer means.
 * Both the X12 and the JSON adapters produce exactly this; no X12 words leak past here
 * except raw codes kept beside their mapped values (code lists are open).
 */
export interface EligibilityPerson {
  memberId?: string | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
  /** YYYY-MM-DD */
  birthDate?: string | undefined;
  gender?: 'M' | 'F' | 'U' | undefined;
}

export interface EligibilityRequest {
  /** Payer identifier as the eligibility source knows it (clearinghouse payer id). */
  payerId: string;
  payerName?: string | undefined;
  provider: { npi: string; organizationName?: string | undefined; lastName?: string | undefined; firstName?: string | undefined };
  subscriber: EligibilityPerson;
  /** Present when the patient is a dependent on the subscriber's plan. */
  dependent?: EligibilityPerson | undefined;
  /** X12 service type codes (EB03 / EQ01); default ["30"] (health benefit plan coverage). */
  serviceTypeCodes: string[];
  /** YYYY-MM-DD */
  dateOfService: string;
  /** Our trace number (TRN02 / controlNumber); generated when absent. */
  traceNumber?: string | undefined;
}

export type CoverageStatus = 'ACTIVE' | 'INACTIVE' | 'UNKNOWN';
export type NetworkIndicator = 'IN_NETWORK' | 'OUT_OF_NETWORK' | 'BOTH' | 'NOT_APPLICABLE' | 'UNKNOWN';

export interface BenefitDate {
  /** DTP01 qualifier, e.g. 291 plan, 346 plan begin, 348 benefit begin. */
  qualifier: CodedValue;
  start: string | null;
  end: string | null;
}

export interface BenefitReference {
  qualifier: CodedValue;
  value: string;
  description: string | null;
}

export interface RelatedEntity {
  /** NM101 entity identifier, e.g. P3 primary care provider, PR payer. */
  entity: CodedValue;
  name: string | null;
  identifierQualifier: string | null;
  identifier: string | null;
}

export interface Benefit {
  /** EB01 eligibility or benefit information (1 active, 6 inactive, A co-insurance, B co-payment, C deductible, ...). */
  kind: CodedValue;
  /** EB02 coverage level (IND, FAM, ESP, ...). */
  coverageLevel: CodedValue | null;
  /** EB03, repeated. */
  serviceTypes: CodedValue[];
  /** EB04 insurance type. */
  insuranceType: CodedValue | null;
  /** EB05 plan coverage description. */
  planCoverageDescription: string | null;
  /** EB06 time period qualifier (calendar year, remaining, visit, ...). */
  timePeriod: CodedValue | null;
  /** EB07 monetary amount. */
  amount: Money | null;
  /** EB08 percent as a fraction: 0.2 means 20 %. */
  percent: number | null;
  /** EB09/EB10 quantity. */
  quantity: { qualifier: CodedValue; value: number } | null;
  /** EB11: true = authorization required, false = not required, null = unknown / not stated. */
  authorizationRequired: boolean | null;
  /** EB12 in-plan network indicator. */
  network: NetworkIndicator;
  networkRaw: string | null;
  /** EB13 composite procedure: qualifier + code (+ modifiers). */
  procedure: { qualifier: string; code: string; modifiers: string[] } | null;
  dates: BenefitDate[];
  references: BenefitReference[];
  messages: string[];
  /** III: place of service / other qualifiers. */
  additionalInfo: { qualifier: string; code: string }[];
  /** LS/LE loop 2120: related entities (PCP, other payer). */
  relatedEntities: RelatedEntity[];
}

export interface Rejection {
  /** AAA03 reject reason code (42 unable to respond, 72 invalid member id, 75 subscriber not found...). */
  reason: CodedValue;
  /** AAA04 follow-up action code (C please correct and resubmit, R resubmission allowed, ...). */
  followUpAction: CodedValue | null;
  /** Where the AAA was: 'source' (2100A), 'receiver' (2100B), 'subscriber' (2100C/2110C), 'dependent' (2100D/2110D), 'request'. */
  loop: string;
  /** True when the same request may succeed later (AAA04 R or Y... with 42 unable to respond). */
  retryable: boolean;
  /** Raw source loop when known (X12: '2000A', '2100C', '2110D'...), to tell a benefit-level AAA from a person-level one. */
  loopCode?: string | undefined;
}

export interface PlanInfo {
  name: string | null;
  groupNumber: string | null;
  planNumber: string | null;
  /** Plan dates (DTP*291 / 346 / 347 at the subscriber level). */
  dates: BenefitDate[];
}

export interface EligibilityResponse {
  status: CoverageStatus;
  payer: { id: string | null; name: string | null };
  subscriber: EligibilityPerson | null;
  dependent: EligibilityPerson | null;
  plan: PlanInfo | null;
  benefits: Benefit[];
  rejections: Rejection[];
  messages: string[];
  /** Trace number echoed by the payer (TRN02 of our request). */
  traceNumber: string | null;
  /** Non-fatal quirks noticed while reading (control-number mismatch...). PHI-free. */
  warnings: string[];
}

export type { Freshness, FreshnessState } from './common';

export interface EligibilityResult extends EligibilityResponse {
  checkedAt: string;
  freshness: Freshness;
}
