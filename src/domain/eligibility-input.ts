import type { EligibilityPerson, EligibilityRequest } from './eligibility';
import { GatewayError } from './errors';
import { outboundTextProblem, type TextRule } from './outbound-text';

/**
 * Element lengths of the 005010X279A1 270 (TR3), which both eligibility sources end up in:
 * NM109 identification code 2/80 (member id, payer id), NM103 last or organization name 1/60,
 * NM104 first name 1/35, TRN02 trace number 1/50.
 */
export const X12_270_LENGTHS = {
  identificationCode: { min: 2, max: 80 },
  lastOrOrganizationName: { min: 1, max: 60 },
  firstName: { min: 1, max: 35 },
  traceNumber: { min: 1, max: 50 },
} as const;

const x12 = (lengths: { min: number; max: number }): TextRule => ({ ...lengths, charset: 'x12' });

const NPI = /^\d{10}$/;
const SERVICE_TYPE = /^[A-Z0-9]{1,2}$/;

const refuse = (field: string, problem: string) => new GatewayError('BAD_INPUT', `${field} ${problem}`, { details: { field } });

function checkText(field: string, value: string | undefined, rule: TextRule): void {
  if (value === undefined) return;
  const problem = outboundTextProblem(value, rule);
  if (problem) throw refuse(field, problem);
}

/** A real calendar date written YYYY-MM-DD (X12 D8 once the dashes go). */
function checkDate(field: string, value: string | undefined): void {
  if (value === undefined) return;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) throw refuse(field, 'must be a YYYY-MM-DD date');
}

function checkPerson(field: string, person: EligibilityPerson): void {
  checkText(`${field}.memberId`, person.memberId, x12(X12_270_LENGTHS.identificationCode));
  checkText(`${field}.lastName`, person.lastName, x12(X12_270_LENGTHS.lastOrOrganizationName));
  checkText(`${field}.firstName`, person.firstName, x12(X12_270_LENGTHS.firstName));
  checkDate(`${field}.birthDate`, person.birthDate);
}

/**
 * Everything of an eligibility question that is sent upstream, checked before any call (and
 * before the cache key is made, so a refused value is never looked up either). Field names are
 * the GraphQL input's: `subscriber.memberId`, `providerNpi`, ...
 */
export function assertEligibilityRequestSendable(request: EligibilityRequest): void {
  checkText('payerId', request.payerId, x12(X12_270_LENGTHS.identificationCode));
  if (!NPI.test(request.provider.npi)) throw refuse('providerNpi', 'must be 10 digits');
  checkText('provider.organizationName', request.provider.organizationName, x12(X12_270_LENGTHS.lastOrOrganizationName));
  checkText('provider.lastName', request.provider.lastName, x12(X12_270_LENGTHS.lastOrOrganizationName));
  checkText('provider.firstName', request.provider.firstName, x12(X12_270_LENGTHS.firstName));
  if (request.subscriber.memberId === undefined) throw refuse('subscriber.memberId', 'is required');
  checkPerson('subscriber', request.subscriber);
  if (request.dependent) checkPerson('dependent', request.dependent);
  if (request.serviceTypeCodes.length === 0 || request.serviceTypeCodes.length > 99 || !request.serviceTypeCodes.every((code) => SERVICE_TYPE.test(code))) {
    throw refuse('serviceTypeCodes', 'must be 1-99 X12 service type codes');
  }
  checkDate('dateOfService', request.dateOfService);
  checkText('traceNumber', request.traceNumber, x12(X12_270_LENGTHS.traceNumber));
}
