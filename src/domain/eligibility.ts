import { z } from 'zod';
import { codedValue, money, type Freshness } from './common';

/**
 * Vendor-neutral eligibility model: what a 271 or a clearinghouse JSON answer means.
 * Both the X12 and the JSON adapters produce exactly this; no X12 words leak past here
 * except raw codes kept beside their mapped values (code lists are open).
 * Answers are schemas because they are cached (a cached answer is parsed back, not trusted).
 */
export const eligibilityPerson = z.object({
  memberId: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  /** YYYY-MM-DD */
  birthDate: z.string().optional(),
  gender: z.enum(['M', 'F', 'U']).optional(),
});
export type EligibilityPerson = z.infer<typeof eligibilityPerson>;

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

export const coverageStatus = z.enum(['ACTIVE', 'INACTIVE', 'UNKNOWN']);
export type CoverageStatus = z.infer<typeof coverageStatus>;
export const networkIndicator = z.enum(['IN_NETWORK', 'OUT_OF_NETWORK', 'BOTH', 'NOT_APPLICABLE', 'UNKNOWN']);
export type NetworkIndicator = z.infer<typeof networkIndicator>;

export const benefitDate = z.object({
  /** DTP01 qualifier, e.g. 291 plan, 346 plan begin, 348 benefit begin. */
  qualifier: codedValue,
  start: z.string().nullable(),
  end: z.string().nullable(),
});
export type BenefitDate = z.infer<typeof benefitDate>;

export const benefitReference = z.object({ qualifier: codedValue, value: z.string(), description: z.string().nullable() });
export type BenefitReference = z.infer<typeof benefitReference>;

export const relatedEntity = z.object({
  /** NM101 entity identifier, e.g. P3 primary care provider, PR payer. */
  entity: codedValue,
  name: z.string().nullable(),
  identifierQualifier: z.string().nullable(),
  identifier: z.string().nullable(),
});
export type RelatedEntity = z.infer<typeof relatedEntity>;

export const benefit = z.object({
  /** EB01 eligibility or benefit information (1 active, 6 inactive, A co-insurance, B co-payment, C deductible, ...). */
  kind: codedValue,
  /** EB02 coverage level (IND, FAM, ESP, ...). */
  coverageLevel: codedValue.nullable(),
  /** EB03, repeated. */
  serviceTypes: z.array(codedValue),
  /** EB04 insurance type. */
  insuranceType: codedValue.nullable(),
  /** EB05 plan coverage description. */
  planCoverageDescription: z.string().nullable(),
  /** EB06 time period qualifier (calendar year, remaining, visit, ...). */
  timePeriod: codedValue.nullable(),
  /** EB07 monetary amount. */
  amount: money.nullable(),
  /** EB08 percent as a fraction: 0.2 means 20 %. */
  percent: z.number().nullable(),
  /** EB09/EB10 quantity. */
  quantity: z.object({ qualifier: codedValue, value: z.number() }).nullable(),
  /** EB11: true = authorization required, false = not required, null = unknown / not stated. */
  authorizationRequired: z.boolean().nullable(),
  /** EB12 in-plan network indicator. */
  network: networkIndicator,
  networkRaw: z.string().nullable(),
  /** EB13 composite procedure: qualifier + code (+ modifiers). */
  procedure: z.object({ qualifier: z.string(), code: z.string(), modifiers: z.array(z.string()) }).nullable(),
  dates: z.array(benefitDate),
  references: z.array(benefitReference),
  messages: z.array(z.string()),
  /** III: place of service / other qualifiers. */
  additionalInfo: z.array(z.object({ qualifier: z.string(), code: z.string() })),
  /** LS/LE loop 2120: related entities (PCP, other payer). */
  relatedEntities: z.array(relatedEntity),
});
export type Benefit = z.infer<typeof benefit>;

export const rejection = z.object({
  /** AAA03 reject reason code (42 unable to respond, 72 invalid member id, 75 subscriber not found...). */
  reason: codedValue,
  /** AAA04 follow-up action code (C please correct and resubmit, R resubmission allowed, ...). */
  followUpAction: codedValue.nullable(),
  /** Where the AAA was: 'source' (2100A), 'receiver' (2100B), 'subscriber' (2100C/2110C), 'dependent' (2100D/2110D), 'request'. */
  loop: z.string(),
  /** True when the same request may succeed later (AAA04 R or Y... with 42 unable to respond). */
  retryable: z.boolean(),
  /** Raw source loop when known (X12: '2000A', '2100C', '2110D'...), to tell a benefit-level AAA from a person-level one. */
  loopCode: z.string().optional(),
});
export type Rejection = z.infer<typeof rejection>;

export const planInfo = z.object({
  name: z.string().nullable(),
  groupNumber: z.string().nullable(),
  planNumber: z.string().nullable(),
  /** Plan dates (DTP*291 / 346 / 347 at the subscriber level). */
  dates: z.array(benefitDate),
});
export type PlanInfo = z.infer<typeof planInfo>;

export const eligibilityResponse = z.object({
  status: coverageStatus,
  payer: z.object({ id: z.string().nullable(), name: z.string().nullable() }),
  subscriber: eligibilityPerson.nullable(),
  dependent: eligibilityPerson.nullable(),
  plan: planInfo.nullable(),
  benefits: z.array(benefit),
  rejections: z.array(rejection),
  messages: z.array(z.string()),
  /** Trace number echoed by the payer (TRN02 of our request). */
  traceNumber: z.string().nullable(),
  /** Non-fatal quirks noticed while reading (control-number mismatch...). PHI-free. */
  warnings: z.array(z.string()),
});
export type EligibilityResponse = z.infer<typeof eligibilityResponse>;

export type { Freshness, FreshnessState } from './common';

export interface EligibilityResult extends EligibilityResponse {
  checkedAt: string;
  freshness: Freshness;
}
