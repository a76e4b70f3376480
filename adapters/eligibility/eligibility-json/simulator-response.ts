import type { SandboxBenefit, SandboxLookup, SandboxPerson, SandboxRejection } from '../sandbox-members';
import { sandboxPayers } from '../sandbox-members';
import {
  coverageLevelCodes,
  eligibilityBenefitCodes,
  followUpActionCodes,
  insuranceTypeCodes,
  quantityQualifierCodes,
  rejectReasonCodes,
  serviceTypeCodes,
  timePeriodCodes,
} from '../../shared/x12';
import type { WireEligibilityRequest } from './wire';

/**
 * Builds the body the JSON API would send for a sandbox member, in the vendor's field names
 * (codes beside names, decimal strings, YYYYMMDD dates). Simulator only.
 */

type Json = Record<string, unknown>;

/** EB12 In Plan Network Indicator names as the JSON API spells them. */
const networkNames: Readonly<Record<string, string>> = {
  Y: 'Yes',
  N: 'No',
  W: 'Not Applicable',
  U: 'Unknown',
};

const compact = (isoDate: string): string => isoDate.replaceAll('-', '');

/** Drops undefined fields so the body looks like the vendor's (absent, not null). */
const defined = (record: Json): Json => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));

function benefitJson(benefit: SandboxBenefit): Json {
  return defined({
    code: benefit.kind,
    name: eligibilityBenefitCodes[benefit.kind],
    coverageLevelCode: benefit.coverageLevel,
    coverageLevel: benefit.coverageLevel ? coverageLevelCodes[benefit.coverageLevel] : undefined,
    serviceTypeCodes: benefit.serviceTypes,
    serviceTypes: benefit.serviceTypes.map((code) => serviceTypeCodes[code] ?? code),
    insuranceTypeCode: benefit.insuranceType,
    insuranceType: benefit.insuranceType ? insuranceTypeCodes[benefit.insuranceType] : undefined,
    planCoverage: benefit.planCoverage,
    timeQualifierCode: benefit.timePeriod,
    timeQualifier: benefit.timePeriod ? timePeriodCodes[benefit.timePeriod] : undefined,
    benefitAmount: benefit.amount,
    benefitPercent: benefit.percent,
    quantityQualifierCode: benefit.quantity?.qualifier,
    quantityQualifier: benefit.quantity ? quantityQualifierCodes[benefit.quantity.qualifier] : undefined,
    benefitQuantity: benefit.quantity?.value,
    authOrCertIndicator: benefit.authorizationRequired,
    inPlanNetworkIndicatorCode: benefit.network,
    inPlanNetworkIndicator: benefit.network ? networkNames[benefit.network] : undefined,
    additionalInformation: benefit.messages?.map((description) => ({ description })),
  });
}

const locations: Record<SandboxRejection['loop'], string> = { source: 'Loop 2100A', subscriber: 'Loop 2100C', dependent: 'Loop 2100D' };

function aaaJson(rejection: SandboxRejection): Json {
  return {
    code: rejection.reason,
    description: rejectReasonCodes[rejection.reason] ?? 'Rejected',
    followupAction: followUpActionCodes[rejection.followUp] ?? rejection.followUp,
    location: locations[rejection.loop],
    field: 'AAA03',
  };
}

type RequestPerson = WireEligibilityRequest['subscriber'];

function personJson(requested: RequestPerson | undefined, known: SandboxPerson | undefined, memberId: string | undefined): Json {
  return defined({
    memberId,
    firstName: known?.firstName ?? requested?.firstName?.toUpperCase(),
    lastName: known?.lastName ?? requested?.lastName?.toUpperCase(),
    dateOfBirth: known ? compact(known.birthDate) : requested?.dateOfBirth,
    gender: known?.gender ?? requested?.gender,
  });
}

export function simulatorResponse(request: WireEligibilityRequest, lookup: SandboxLookup): Json {
  const payer = sandboxPayers.find((candidate) => candidate.id === request.tradingPartnerServiceId);
  const base: Json = {
    meta: { applicationMode: 'sandbox', traceId: request.controlNumber },
    controlNumber: request.controlNumber,
    reassociationKey: request.controlNumber,
    tradingPartnerServiceId: request.tradingPartnerServiceId,
    provider: defined({ providerName: request.provider.organizationName?.toUpperCase(), entityIdentifier: 'Provider', npi: request.provider.npi }),
    payer: defined({ entityIdentifier: 'Payer', entityType: 'Non-Person Entity', name: payer?.name, payorIdentification: request.tradingPartnerServiceId }),
  };
  const requestedDependent = request.dependents?.[0];

  if (lookup.kind === 'rejection') {
    const error = aaaJson(lookup.rejection);
    const subscriber = personJson(request.subscriber, undefined, request.subscriber.memberId);
    if (lookup.rejection.loop === 'source') return { ...base, payer: { ...(base.payer as Json), aaaErrors: [error] }, errors: [error] };
    if (lookup.rejection.loop === 'subscriber') return { ...base, subscriber: { ...subscriber, aaaErrors: [error] }, errors: [error] };
    return { ...base, subscriber, dependents: [{ ...personJson(requestedDependent, undefined, undefined), aaaErrors: [error] }], errors: [error] };
  }

  const { member, dependent } = lookup;
  const { plan } = member;
  const statusCode = member.status === 'active' ? '1' : '6';
  const body: Json = {
    ...base,
    subscriber: defined({
      ...personJson(request.subscriber, member.person, member.memberId),
      groupNumber: plan.groupNumber,
      relationToSubscriber: 'Self',
      relationToSubscriberCode: '18',
    }),
    planInformation: { groupNumber: plan.groupNumber, planNumber: plan.planNumber },
    planDateInformation: defined({ planBegin: compact(plan.begin), planEnd: plan.end ? compact(plan.end) : undefined }),
    planStatus: [{ statusCode, status: eligibilityBenefitCodes[statusCode], planDetails: plan.name, serviceTypeCodes: ['30'] }],
    benefitsInformation: member.benefits.map(benefitJson),
    errors: [],
  };
  if (dependent) {
    body.dependents = [
      defined({
        ...personJson(requestedDependent, dependent, undefined),
        relationToSubscriber: dependent.relationship === '01' ? 'Spouse' : 'Child',
        relationToSubscriberCode: dependent.relationship,
      }),
    ];
  }
  return body;
}
