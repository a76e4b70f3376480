import type {
  Benefit,
  BenefitDate,
  BenefitReference,
  CoverageStatus,
  EligibilityPerson,
  EligibilityResponse,
  NetworkIndicator,
  PlanInfo,
  Rejection,
  RelatedEntity,
} from '../../../src/domain/eligibility';
import type { CodedValue } from '../../../src/domain/common';
import { endDateQualifiers, isRetryableRejection } from '../../shared/x12';
import { dateFieldQualifier, entityIdentifierCode, followUpCode, referenceFieldQualifiers } from './code-tables';
import { decimalToMinorUnits } from '../../../src/domain/money';
import type { WireAaaError, WireBenefit, WireEligibilityResponse, WirePersonResponse, WireRelatedEntity } from './wire';

/**
 * Maps the JSON API's answer onto the vendor-neutral eligibility model. Raw X12 codes stay the
 * `code` of each CodedValue (the JSON API sends them beside their names), so an answer reads the
 * same whether it came through this adapter or the X12 one.
 */

const activeStatusCodes = new Set(['1', '2', '3', '4', '5']);
const inactiveStatusCodes = new Set(['6', '7', '8']);

export interface FromWireContext {
  requestedServiceTypes: readonly string[];
  /** The trace number the answer must be tied to (our controlNumber, echoed). */
  traceNumber: string | null;
}

const coded = (code: string | undefined, name: string | undefined): CodedValue | null =>
  code === undefined || code === '' ? null : { code, name: name ?? null };

/** YYYYMMDD -> YYYY-MM-DD; anything else is kept as sent. */
const isoDate = (value: string): string => (/^\d{8}$/.test(value) ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}` : value);

function person(wire: WirePersonResponse | undefined): EligibilityPerson | null {
  if (!wire) return null;
  const gender = wire.gender === 'M' || wire.gender === 'F' || wire.gender === 'U' ? wire.gender : undefined;
  const result: EligibilityPerson = {};
  if (wire.memberId) result.memberId = wire.memberId;
  if (wire.firstName) result.firstName = wire.firstName;
  if (wire.lastName) result.lastName = wire.lastName;
  if (wire.dateOfBirth) result.birthDate = isoDate(wire.dateOfBirth);
  if (gender) result.gender = gender;
  return result;
}

/** Named date fields -> DTP-style dates; a value is one date or a "start-end" range. */
export function datesFrom(info: Record<string, unknown> | undefined): BenefitDate[] {
  if (!info) return [];
  const dates: BenefitDate[] = [];
  for (const [field, value] of Object.entries(info)) {
    if (typeof value !== 'string' || value === '') continue;
    const qualifier = dateFieldQualifier(field);
    const [first = '', second] = value.split('-');
    if (second !== undefined) dates.push({ qualifier, start: isoDate(first), end: isoDate(second) });
    else if (endDateQualifiers.has(qualifier.code)) dates.push({ qualifier, start: null, end: isoDate(first) });
    else dates.push({ qualifier, start: isoDate(first), end: null });
  }
  return dates;
}

function network(code: string | undefined): NetworkIndicator {
  switch (code) {
    case 'Y':
      return 'IN_NETWORK';
    case 'N':
      return 'OUT_OF_NETWORK';
    case 'W':
      return 'BOTH';
    default:
      return 'UNKNOWN';
  }
}

function authorization(code: string | undefined): boolean | null {
  if (code === 'Y') return true;
  if (code === 'N') return false;
  return null;
}

function relatedEntity(wire: WireRelatedEntity): RelatedEntity {
  const label = wire.entityIdentifier ?? '';
  const name = [wire.entityFirstname, wire.entityName].filter(Boolean).join(' ');
  return {
    entity: { code: entityIdentifierCode(label), name: label || null },
    name: name || null,
    identifierQualifier: wire.entityIdentification ?? null,
    identifier: wire.entityIdentificationValue ?? null,
  };
}

function references(info: Record<string, unknown> | undefined): BenefitReference[] {
  if (!info) return [];
  return Object.entries(info).flatMap(([field, value]) =>
    typeof value === 'string' && value !== ''
      ? [{ qualifier: { code: referenceFieldQualifiers[field] ?? field, name: field }, value, description: null }]
      : [],
  );
}

function benefit(wire: WireBenefit, warnings: string[]): Benefit {
  const codes = wire.serviceTypeCodes ?? [];
  let amount: Benefit['amount'] = null;
  if (wire.benefitAmount !== undefined && wire.benefitAmount !== '') {
    const minor = decimalToMinorUnits(wire.benefitAmount, 2);
    if (minor === null) warnings.push('benefitAmount is not a decimal; dropped');
    else amount = { amountMinor: minor, currency: 'USD' };
  }
  let percent: number | null = null;
  if (wire.benefitPercent !== undefined && wire.benefitPercent !== '') {
    const value = Number(wire.benefitPercent);
    if (!Number.isFinite(value) || value < 0 || value > 100) warnings.push('benefitPercent is not a percent; dropped');
    else if (value > 1) {
      // Some payers send whole percents ("20"); no co-insurance exceeds 100 %.
      warnings.push('benefitPercent above 1 read as a whole percent');
      percent = Math.round(value * 1e4) / 1e6;
    } else percent = value;
  }
  const quantityValue = wire.benefitQuantity === undefined ? Number.NaN : Number(wire.benefitQuantity);
  const procedure = wire.compositeMedicalProcedureIdentifier;
  const entities = [...(wire.benefitsRelatedEntities ?? []), ...(wire.benefitsRelatedEntity ? [wire.benefitsRelatedEntity] : [])];
  return {
    kind: { code: wire.code, name: wire.name ?? null },
    coverageLevel: coded(wire.coverageLevelCode, wire.coverageLevel),
    serviceTypes: codes.map((code, index) => ({ code, name: wire.serviceTypes?.[index] ?? null })),
    insuranceType: coded(wire.insuranceTypeCode, wire.insuranceType),
    planCoverageDescription: wire.planCoverage ?? null,
    timePeriod: coded(wire.timeQualifierCode, wire.timeQualifier),
    amount,
    percent,
    quantity:
      wire.quantityQualifierCode && Number.isFinite(quantityValue)
        ? { qualifier: { code: wire.quantityQualifierCode, name: wire.quantityQualifier ?? null }, value: quantityValue }
        : null,
    authorizationRequired: authorization(wire.authOrCertIndicator),
    network: network(wire.inPlanNetworkIndicatorCode),
    networkRaw: wire.inPlanNetworkIndicatorCode ?? null,
    procedure:
      procedure?.procedureCode
        ? { qualifier: procedure.productOrServiceIdQualifierCode ?? '', code: procedure.procedureCode, modifiers: procedure.procedureModifiers ?? [] }
        : null,
    dates: datesFrom(wire.benefitsDateInformation),
    references: references(wire.benefitsAdditionalInformation),
    messages: (wire.additionalInformation ?? []).flatMap((info) => (info.description ? [info.description] : [])),
    additionalInfo: (wire.eligibilityAdditionalInformationList ?? []).flatMap((info) =>
      info.codeListQualifierCode && info.industryCode ? [{ qualifier: info.codeListQualifierCode, code: info.industryCode }] : [],
    ),
    relatedEntities: entities.map(relatedEntity),
  };
}

/** "Loop 2100C" -> "2100C" (the raw loop, as the X12 reader reports it). */
const loopCodeOf = (location: string | undefined): string | undefined => /\b(2[01][0-2]0[A-D])\b/i.exec(location ?? '')?.[1]?.toUpperCase();

const loopByLetter: Record<string, string> = { A: 'source', B: 'receiver', C: 'subscriber', D: 'dependent' };

function rejection(error: WireAaaError, loop: string): Rejection | null {
  if (!error.code) return null;
  const followUp = error.followupAction ? followUpCode(error.followupAction) : '';
  const loopCode = loopCodeOf(error.location);
  return {
    ...(loopCode ? { loopCode } : {}),
    reason: { code: error.code, name: error.description ?? null },
    followUpAction: followUp === '' ? null : { code: followUp, name: error.followupAction ?? null },
    loop,
    // The X12 reader's rule: the payer invites a resubmission, or its state is transient.
    retryable: isRetryableRejection(error.code, followUp),
  };
}

/**
 * The AAA errors, by loop. The per-entity arrays say exactly where each AAA was; the
 * top-level `errors` aggregate is the fallback (its `location` names the loop).
 */
function rejections(wire: WireEligibilityResponse): Rejection[] {
  const byEntity: [WireAaaError, string][] = [
    ...(wire.payer?.aaaErrors ?? []).map((error): [WireAaaError, string] => [error, 'source']),
    ...(wire.provider?.aaaErrors ?? []).map((error): [WireAaaError, string] => [error, 'receiver']),
    ...(wire.subscriber?.aaaErrors ?? []).map((error): [WireAaaError, string] => [error, 'subscriber']),
    ...(wire.dependents ?? []).flatMap((dependent) => (dependent.aaaErrors ?? []).map((error): [WireAaaError, string] => [error, 'dependent'])),
  ];
  const pairs =
    byEntity.length > 0
      ? byEntity
      : (wire.errors ?? []).map((error): [WireAaaError, string] => [error, loopByLetter[loopCodeOf(error.location)?.slice(-1) ?? ''] ?? 'request']);
  return pairs.flatMap(([error, loop]) => rejection(error, loop) ?? []);
}

/**
 * Status from plan-status and benefit lines with EB01-style codes 1-5 (active) or 6-8
 * (inactive) on service type 30, a requested type, or no type (plan-wide). Any active
 * statement wins over an inactive one, as in the X12 reader (an old plan ended, a new began).
 */
function coverageStatus(wire: WireEligibilityResponse, requested: readonly string[]): CoverageStatus {
  const relevant = new Set(['30', ...requested]);
  const statuses = [
    ...(wire.planStatus ?? []).map((status) => ({ code: status.statusCode ?? '', types: status.serviceTypeCodes ?? [] })),
    ...(wire.benefitsInformation ?? []).map((item) => ({ code: item.code, types: item.serviceTypeCodes ?? [] })),
  ].filter((status) => status.types.length === 0 || status.types.some((type) => relevant.has(type)));
  if (statuses.some((status) => activeStatusCodes.has(status.code))) return 'ACTIVE';
  if (statuses.some((status) => inactiveStatusCodes.has(status.code))) return 'INACTIVE';
  return 'UNKNOWN';
}

function plan(wire: WireEligibilityResponse): PlanInfo | null {
  const info = wire.planInformation;
  const coverageLine = (wire.benefitsInformation ?? []).find(
    (item) => (activeStatusCodes.has(item.code) || inactiveStatusCodes.has(item.code)) && item.planCoverage,
  );
  const name = wire.planStatus?.find((status) => status.planDetails)?.planDetails ?? coverageLine?.planCoverage ?? info?.planDescription ?? wire.subscriber?.planDescription ?? null;
  const groupNumber = info?.groupNumber ?? wire.subscriber?.groupNumber ?? null;
  const planNumber = info?.planNumber ?? wire.subscriber?.planNumber ?? null;
  const dates = datesFrom(wire.planDateInformation);
  if (name === null && groupNumber === null && planNumber === null && dates.length === 0) return null;
  return { name, groupNumber, planNumber, dates };
}

export function fromWireResponse(wire: WireEligibilityResponse, context: FromWireContext): EligibilityResponse {
  const warnings: string[] = [];
  const benefits = (wire.benefitsInformation ?? []).map((item) => benefit(item, warnings));
  for (const warning of wire.warnings ?? []) warnings.push(`clearinghouse warning ${warning.code ?? '(no code)'}`);
  return {
    status: coverageStatus(wire, context.requestedServiceTypes),
    payer: { id: wire.payer?.payorIdentification ?? wire.tradingPartnerServiceId ?? null, name: wire.payer?.name ?? null },
    subscriber: person(wire.subscriber),
    dependent: person(wire.dependents?.[0]),
    plan: plan(wire),
    benefits,
    rejections: rejections(wire),
    messages: [],
    traceNumber: context.traceNumber,
    warnings,
  };
}
