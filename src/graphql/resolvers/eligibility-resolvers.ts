import type { GraphQLResolveInfo } from 'graphql';
import type { Coverage } from '../../domain/ehr';
import type { Benefit, EligibilityPerson, EligibilityResult, NetworkIndicator } from '../../domain/eligibility';
import { GatewayError } from '../../domain/errors';
import { deriveTransportation, TRANSPORTATION_SERVICE_TYPE } from '../../domain/transportation-benefit';
import { assertPayerAllowed } from '../../auth/payer-access';
import type { GatewayContext } from '../context';
import { gid } from './ids';
import { loadPatient } from './ehr-resolvers';
import { selectsField } from './selects-field';

interface PersonInput {
  memberId?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  birthDate?: string | null;
  gender?: string | null;
}

interface EligibilityInput {
  payerId: string;
  subscriber: PersonInput;
  dependent?: PersonInput | null;
  serviceTypeCodes?: string[] | null;
  dateOfService?: string | null;
  providerNpi?: string | null;
}

/** Passed on as given (an empty string is absent): the eligibility service refuses what it cannot send, it never trims. */
const toPerson = (input: PersonInput): EligibilityPerson => ({
  memberId: input.memberId || undefined,
  firstName: input.firstName || undefined,
  lastName: input.lastName || undefined,
  birthDate: input.birthDate ?? undefined,
  gender: input.gender === 'M' || input.gender === 'F' || input.gender === 'U' ? input.gender : undefined,
});

const today = (ctx: GatewayContext) => new Date(ctx.services.clock.now()).toISOString().slice(0, 10);

/** Eligibility only for the partner's own payer ids, through a source the partner may reach. */
function assertEligibilityAllowed(ctx: GatewayContext, payerId: string) {
  assertPayerAllowed(ctx.partner, payerId);
  const sourceId = ctx.services.eligibility.sourceFor(payerId);
  if (!sourceId) throw new GatewayError('BAD_INPUT', 'No eligibility source serves that payer', { details: { field: 'payerId' } });
  ctx.reachableSource(sourceId);
  return sourceId;
}

/** The service types to ask: as given (default 30), plus 56 when the query reads `transportation` (else the payer may not answer it). */
function serviceTypesFor(input: EligibilityInput, info: GraphQLResolveInfo): string[] {
  const asked = input.serviceTypeCodes?.length ? input.serviceTypeCodes : ['30'];
  return selectsField(info, 'transportation') ? [...new Set([...asked, TRANSPORTATION_SERVICE_TYPE])] : asked;
}

async function checkAndAudit(ctx: GatewayContext, input: EligibilityInput, auditIds: string[], info: GraphQLResolveInfo): Promise<EligibilityResult> {
  const sourceId = assertEligibilityAllowed(ctx, input.payerId);
  ctx.upstream.charge(); // one payer call (or cache read) per check, from the request's budget
  const route = ctx.services.eligibility;
  try {
    const result = await route.check({
      payerId: input.payerId,
      subscriber: toPerson(input.subscriber),
      dependent: input.dependent ? toPerson(input.dependent) : undefined,
      serviceTypeCodes: serviceTypesFor(input, info),
      dateOfService: input.dateOfService ?? today(ctx),
      ...(input.providerNpi ? { provider: { npi: input.providerNpi } } : {}),
    });
    await ctx.audit.record({ action: 'eligibility-check', resourceType: 'Eligibility', resourceIds: auditIds, sourceId });
    return result;
  } catch (error) {
    await ctx.audit.record({ action: 'eligibility-check', resourceType: 'Eligibility', resourceIds: auditIds, sourceId, outcome: 'failure' });
    throw error;
  }
}

export const eligibilityQueryResolvers = {
  eligibility: (_root: unknown, args: { input: EligibilityInput }, ctx: GatewayContext, info: GraphQLResolveInfo) => checkAndAudit(ctx, args.input, [], info),
};

export const coverageEligibilityResolver = {
  eligibility: async (coverage: Coverage, args: { serviceTypeCodes?: string[] | null; dateOfService?: string | null }, ctx: GatewayContext, info: GraphQLResolveInfo) => {
    if (!coverage.payerId) throw new GatewayError('BAD_INPUT', 'This coverage names no payer id to route eligibility', { details: { field: 'payer' } });
    if (!coverage.memberId) throw new GatewayError('BAD_INPUT', 'This coverage has no member id', { details: { field: 'memberId' } });
    const patient = coverage.beneficiaryId ? await loadPatient(ctx, coverage.sourceId, coverage.beneficiaryId) : null;
    const name = patient?.names[0];
    const patientPerson: PersonInput = {
      firstName: name?.given[0] ?? null,
      lastName: name?.family ?? null,
      birthDate: patient?.birthDate ?? null,
      gender: patient?.gender === 'male' ? 'M' : patient?.gender === 'female' ? 'F' : null,
    };
    // The beneficiary is the subscriber unless the coverage says otherwise (then a dependent).
    const isSubscriber = !coverage.relationship || coverage.relationship === 'self';
    return checkAndAudit(
      ctx,
      {
        payerId: coverage.payerId,
        subscriber: isSubscriber ? { ...patientPerson, memberId: coverage.memberId } : { memberId: coverage.memberId },
        dependent: isSubscriber ? null : patientPerson,
        serviceTypeCodes: args.serviceTypeCodes ?? null,
        dateOfService: args.dateOfService ?? null,
      },
      [gid('Coverage', coverage)],
      info,
    );
  },
};

export const eligibilityResultResolvers = {
  benefits: (result: EligibilityResult, args: { serviceTypeCodes?: string[] | null; network?: NetworkIndicator | null }): Benefit[] =>
    result.benefits.filter(
      (benefit) =>
        (!args.serviceTypeCodes?.length || benefit.serviceTypes.some((type) => args.serviceTypeCodes?.includes(type.code))) &&
        (!args.network || benefit.network === args.network),
    ),
  payer: (result: EligibilityResult) => result.payer,
  transportation: (result: EligibilityResult) => deriveTransportation(result.benefits),
};
