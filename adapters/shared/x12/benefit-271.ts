import type { Benefit, EligibilityPerson, NetworkIndicator, Rejection, RelatedEntity } from '../../../src/domain/eligibility';
import { followUpActionCodes } from './codes/aaa04-follow-up-action';
import { rejectReasonCodes } from './codes/aaa03-reject-reason';
import { coded, codedOrNull } from './codes/coded';
import { eligibilityBenefitCodes } from './codes/eb01-eligibility-benefit';
import { coverageLevelCodes } from './codes/eb02-coverage-level';
import { serviceTypeCodes } from './codes/eb03-service-type';
import { insuranceTypeCodes } from './codes/eb04-insurance-type';
import { timePeriodCodes } from './codes/eb06-time-period';
import { quantityQualifierCodes } from './codes/eb09-quantity-qualifier';
import { entityIdentifierCodes } from './codes/nm101-entity-identifier';
import { components, element, optionalElement, repetitions, type X12Segment } from './elements';
import { parseD8, parseDecimal, parseMoney, parsePercent } from './values';
import type { X12Warning } from './x12-error';

const networkByCode: Record<string, NetworkIndicator> = {
  Y: 'IN_NETWORK',
  N: 'OUT_OF_NETWORK',
  // W is "Not Applicable": the benefit is the same in and out of network.
  W: 'BOTH',
  U: 'UNKNOWN',
};

const authorizationByCode: Record<string, boolean> = { Y: true, N: false };

/** One EB segment as a Benefit; DTP/REF/MSG/III/LS-LE that follow are attached by the loop reader. */
export const benefitFromEb = (eb: X12Segment, warnings: X12Warning[]): Benefit => {
  const amountText = element(eb, 7);
  const amount = amountText === '' ? null : parseMoney(amountText);
  if (amountText !== '' && amount === null) {
    warnings.push({ segmentNumber: eb.number, code: 'BAD_AMOUNT', message: 'EB07 is not a monetary amount' });
  }
  const percentText = element(eb, 8);
  const percent = percentText === '' ? null : parsePercent(percentText, eb.number, warnings);

  let quantity: Benefit['quantity'] = null;
  const [quantityQualifier, quantityText] = [element(eb, 9), element(eb, 10)];
  if (quantityQualifier !== '' || quantityText !== '') {
    const value = parseDecimal(quantityText);
    if (quantityQualifier === '' || value === null) {
      warnings.push({ segmentNumber: eb.number, code: 'BAD_QUANTITY', message: 'EB09/EB10 do not form a quantity' });
    } else {
      quantity = { qualifier: coded(quantityQualifierCodes, quantityQualifier), value };
    }
  }

  const eb13 = element(eb, 13);
  const procedureParts = eb13 === '' ? [] : components(eb13);
  const networkRaw = optionalElement(eb, 12);
  return {
    kind: coded(eligibilityBenefitCodes, element(eb, 1)),
    coverageLevel: codedOrNull(coverageLevelCodes, optionalElement(eb, 2)),
    serviceTypes: repetitions(element(eb, 3))
      .filter((code) => code !== '')
      .map((code) => coded(serviceTypeCodes, code)),
    insuranceType: codedOrNull(insuranceTypeCodes, optionalElement(eb, 4)),
    planCoverageDescription: optionalElement(eb, 5),
    timePeriod: codedOrNull(timePeriodCodes, optionalElement(eb, 6)),
    amount,
    percent,
    quantity,
    authorizationRequired: authorizationByCode[element(eb, 11)] ?? null,
    network: (networkRaw !== null && Object.hasOwn(networkByCode, networkRaw) ? networkByCode[networkRaw] : undefined) ?? 'UNKNOWN',
    networkRaw,
    procedure:
      (procedureParts[1] ?? '') === ''
        ? null
        : {
            qualifier: procedureParts[0] ?? '',
            code: procedureParts[1] as string,
            modifiers: procedureParts.slice(2, 6).filter((modifier) => modifier !== ''),
          },
    dates: [],
    references: [],
    messages: [],
    additionalInfo: [],
    relatedEntities: [],
  };
};

/** NM1 name as one string: an organisation's name, or a person's "first middle last suffix". */
export const entityName = (nm1: X12Segment): string | null => {
  const parts = element(nm1, 2) === '2' ? [element(nm1, 3)] : [4, 5, 3, 7].map((n) => element(nm1, n));
  const name = parts.filter((part) => part.trim() !== '').join(' ').trim();
  return name === '' ? null : name;
};

export const relatedEntityFromNm1 = (nm1: X12Segment): RelatedEntity => ({
  entity: coded(entityIdentifierCodes, element(nm1, 1)),
  name: entityName(nm1),
  identifierQualifier: optionalElement(nm1, 8),
  identifier: optionalElement(nm1, 9),
});

const genders = new Set(['M', 'F', 'U']);

export const personFrom = (nm1: X12Segment | null, dmg: X12Segment | null): EligibilityPerson => {
  const person: EligibilityPerson = {};
  const lastName = nm1 ? optionalElement(nm1, 3) : null;
  const firstName = nm1 ? optionalElement(nm1, 4) : null;
  const memberId = nm1 ? optionalElement(nm1, 9) : null;
  const birthDate = dmg && element(dmg, 1) === 'D8' ? parseD8(element(dmg, 2)) : null;
  const gender = dmg ? element(dmg, 3) : '';
  if (memberId !== null) person.memberId = memberId;
  if (firstName !== null) person.firstName = firstName;
  if (lastName !== null) person.lastName = lastName;
  if (birthDate !== null) person.birthDate = birthDate;
  if (genders.has(gender)) person.gender = gender as 'M' | 'F' | 'U';
  return person;
};

/** AAA04 codes that invite sending the same request again (now, or after a wait). */
const resubmitFollowUps = new Set(['R', 'P', 'W', 'X']);
/** AAA04 codes that forbid it or ask for a corrected request. */
const finalFollowUps = new Set(['C', 'N', 'S', 'Y']);
/** AAA03 reasons that describe the payer's state, not the request. */
const transientReasons = new Set(['42', '80']);

/**
 * Retryable when the payer invites resubmission (AAA04 R, P, W, X), or when the reason is
 * transient (42 unable to respond, 80 no response) and AAA04 does not forbid or ask for a
 * correction (C, N, S, Y). Everything else needs a changed request or a human.
 */
export const isRetryableRejection = (reason: string, followUp: string): boolean =>
  resubmitFollowUps.has(followUp) || (transientReasons.has(reason) && !finalFollowUps.has(followUp));

export const rejectionFromAaa = (aaa: X12Segment, loop: Rejection['loop'], loopCode: string): Rejection => {
  const reason = element(aaa, 3);
  const followUp = element(aaa, 4);
  return {
    reason: coded(rejectReasonCodes, reason),
    followUpAction: codedOrNull(followUpActionCodes, followUp),
    loop,
    retryable: isRetryableRejection(reason, followUp),
    loopCode,
  };
};
