import { coded, dateQualifierCodes, entityIdentifierCodes, followUpActionCodes } from '../../shared/x12';
import type { CodedValue } from '../../../src/domain/common';

/**
 * Where the JSON API spells an X12 code as text (or as a named date field), these look-ups turn
 * it back into the code, so the domain keeps the same raw codes whichever adapter answered. The
 * code lists themselves are the X12 library's (adapters/shared/x12/codes): one table per code.
 */

const followUpCodeByText = new Map(Object.entries(followUpActionCodes).map(([code, text]) => [text.toLowerCase(), code]));

/** AAA04 code for a follow-up text; a bare code (some payers send one) passes through. */
export function followUpCode(text: string): string {
  const trimmed = text.trim();
  if (/^[A-Z]$/.test(trimmed)) return trimmed;
  return followUpCodeByText.get(trimmed.toLowerCase()) ?? trimmed;
}

/**
 * Named date fields of benefitsDateInformation / planDateInformation and their DTP01 qualifier
 * (005010X279A1 2100C/2110C DTP01); the qualifier's name comes from the X12 code table.
 */
const dateFieldQualifiers: ReadonlyMap<string, string> = new Map([
  ['discharge', '096'],
  ['issue', '102'],
  ['effectiveDateOfChange', '152'],
  ['periodStart', '193'],
  ['periodEnd', '194'],
  ['completion', '198'],
  ['coordinationOfBenefits', '290'],
  ['plan', '291'],
  ['benefit', '292'],
  ['primaryCareProvider', '295'],
  ['latestVisitOrConsultation', '304'],
  ['eligibility', '307'],
  ['added', '318'],
  ['cobraBegin', '340'],
  ['cobraEnd', '341'],
  ['premiumPaidToDateBegin', '342'],
  ['premiumPaidtoDateBegin', '342'],
  ['premiumPaidToDateEnd', '343'],
  ['planBegin', '346'],
  ['planEnd', '347'],
  ['benefitBegin', '348'],
  ['benefitEnd', '349'],
  ['eligibilityBegin', '356'],
  ['eligibilityEnd', '357'],
  ['enrollment', '382'],
  ['admission', '435'],
  ['dateOfDeath', '442'],
  ['certification', '458'],
  ['service', '472'],
  ['policyEffective', '539'],
  ['policyExpiration', '540'],
  ['dateOfLastUpdate', '636'],
  ['status', '771'],
]);

/** DTP01 qualifier of a named date field; an unknown field keeps its name as the code, unnamed. */
export function dateFieldQualifier(field: string): CodedValue {
  const code = dateFieldQualifiers.get(field);
  return code === undefined ? { code: field, name: null } : coded(dateQualifierCodes, code);
}

const entityCodeByName = new Map(Object.entries(entityIdentifierCodes).map(([code, name]) => [name, code]));

/** NM101 entity identifier code for the entity name the JSON API uses (2120C NM101); unknown names pass through. */
export const entityIdentifierCode = (name: string): string => entityCodeByName.get(name) ?? name;

/** Reference qualifiers (REF01) for benefitsAdditionalInformation fields. */
export const referenceFieldQualifiers: Readonly<Record<string, string>> = {
  planNumber: '18',
  insurancePolicyNumber: 'IG',
  memberId: '1W',
  familyUnitNumber: '49',
  groupNumber: '6P',
  referralNumber: '9F',
  alternativeListId: 'ALS',
  coverageListId: 'CLI',
  hicNumber: 'F6',
  drugFormularyNumber: 'FO',
  priorAuthorizationNumber: 'G1',
  planNetworkIdNumber: 'N6',
  medicaidRecepientIdNumber: 'NQ',
  medicalAssistanceCategory: 'M7',
  policyNumber: 'IG',
};
