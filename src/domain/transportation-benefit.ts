import { z } from 'zod';
import { codedValue, money } from './common';
import type { Benefit } from './eligibility';

/**
 * What a payer said about non-emergency medical transportation, read from the benefit lines for
 * X12 service types 56 (medically related transportation) and 57-59 (air transportation,
 * cabulance, licensed ambulance). One derivation for every eligibility source: it reads the
 * vendor-neutral benefits, so an X12 271 and a clearinghouse JSON answer give the same verdict.
 *
 * How payers send it (005010X279A1, EB segment): EB01 `1` active or `6` inactive / `I`
 * non-covered for the status; EB01 `F` (limitations) with EB09 `VS` visits (or `P6` number of
 * services) and EB10 the count, EB06 the period it applies to (`23` calendar year...) or `29`
 * remaining; EB11 `Y` authorization required; EB01 `B` with EB07 the co-payment. A payer that
 * sends no line for these service types did not answer the question: UNKNOWN, never "covered".
 */
export const TRANSPORTATION_SERVICE_TYPES: readonly string[] = ['56', '57', '58', '59'];
/** The one service type the gateway asks for when it wants the transportation benefit. */
export const TRANSPORTATION_SERVICE_TYPE = '56';

export const transportationStatus = z.enum(['COVERED', 'NOT_COVERED', 'UNKNOWN']);
export type TransportationStatus = z.infer<typeof transportationStatus>;

export const tripQuantity = z.object({
  count: z.number(),
  /** EB09 quantity qualifier (VS visits, P6 services). */
  unit: codedValue,
  /** EB06 the count applies to (23 calendar year...); for a remaining count, the allowance's period. */
  period: codedValue.nullable(),
});
export type TripQuantity = z.infer<typeof tripQuantity>;

export const transportationBenefit = z.object({
  status: transportationStatus,
  tripsAllowed: tripQuantity.nullable(),
  tripsRemaining: tripQuantity.nullable(),
  /** EB11 on the transportation lines: true when any requires it, null when none says. */
  authorizationRequired: z.boolean().nullable(),
  copay: money.nullable(),
  messages: z.array(z.string()),
  /** EB01 codes of the transportation lines, as the payer sent them. */
  benefitCodes: z.array(z.string()),
  /** Which of 56-59 the payer answered for. */
  serviceTypeCodes: z.array(z.string()),
});
export type TransportationBenefit = z.infer<typeof transportationBenefit>;

/** EB01 codes that state the benefit exists: active coverage, cost shares, limitations. */
const COVERING_KINDS: ReadonlySet<string> = new Set(['1', '2', '3', '4', '5', 'A', 'B', 'C', 'F', 'G', 'Y']);
/** EB01 codes that deny it: inactive (6, 7 pending, 8 pending investigation) and non-covered (I). */
const DENYING_KINDS: ReadonlySet<string> = new Set(['6', '7', '8', 'I']);
/** EB09 qualifiers that count trips. */
const TRIP_UNITS: ReadonlySet<string> = new Set(['VS', 'P6']);
/** EB06 periods of a count that is what is left, not the allowance. */
const REMAINING_PERIODS: ReadonlySet<string> = new Set(['29', '33']);

const unknownTransportation = (): TransportationBenefit => ({
  status: 'UNKNOWN',
  tripsAllowed: null,
  tripsRemaining: null,
  authorizationRequired: null,
  copay: null,
  messages: [],
  benefitCodes: [],
  serviceTypeCodes: [],
});

const isTransportation = (benefit: Benefit) => benefit.serviceTypes.some((type) => TRANSPORTATION_SERVICE_TYPES.includes(type.code));
/** Out-of-network lines describe the exception, not whether the member has the benefit. */
const inPlan = (benefit: Benefit) => benefit.network !== 'OUT_OF_NETWORK';

function statusOf(lines: readonly Benefit[]): TransportationStatus {
  if (lines.some((line) => COVERING_KINDS.has(line.kind.code) && inPlan(line))) return 'COVERED';
  if (lines.some((line) => DENYING_KINDS.has(line.kind.code))) return 'NOT_COVERED';
  if (lines.some((line) => COVERING_KINDS.has(line.kind.code))) return 'COVERED';
  return 'UNKNOWN';
}

function trips(lines: readonly Benefit[]): { allowed: TripQuantity | null; remaining: TripQuantity | null } {
  const counted = lines.filter((line) => line.quantity && TRIP_UNITS.has(line.quantity.qualifier.code) && inPlan(line));
  const asTrips = (line: Benefit | undefined, period: TripQuantity['period']): TripQuantity | null =>
    line?.quantity ? { count: line.quantity.value, unit: line.quantity.qualifier, period } : null;
  const allowedLine = counted.find((line) => !REMAINING_PERIODS.has(line.timePeriod?.code ?? ''));
  const remainingLine = counted.find((line) => REMAINING_PERIODS.has(line.timePeriod?.code ?? ''));
  const allowed = asTrips(allowedLine, allowedLine?.timePeriod ?? null);
  // "29 remaining" says what is left of the allowance: shown with the allowance's period.
  const remaining = asTrips(remainingLine, allowed?.period ?? remainingLine?.timePeriod ?? null);
  return { allowed, remaining };
}

function authorization(lines: readonly Benefit[]): boolean | null {
  const stated = lines.filter(inPlan).map((line) => line.authorizationRequired);
  if (stated.includes(true)) return true;
  return stated.includes(false) ? false : null;
}

/** The transportation benefit in an eligibility answer's benefit lines. */
export function deriveTransportation(benefits: readonly Benefit[]): TransportationBenefit {
  const lines = benefits.filter(isTransportation);
  if (lines.length === 0) return unknownTransportation();
  const { allowed, remaining } = trips(lines);
  const copayLine = lines.find((line) => line.kind.code === 'B' && line.amount && inPlan(line)) ?? lines.find((line) => line.kind.code === 'B' && line.amount);
  return {
    status: statusOf(lines),
    tripsAllowed: allowed,
    tripsRemaining: remaining,
    authorizationRequired: authorization(lines),
    copay: copayLine?.amount ?? null,
    messages: [...new Set(lines.flatMap((line) => line.messages))],
    benefitCodes: [...new Set(lines.map((line) => line.kind.code))],
    serviceTypeCodes: TRANSPORTATION_SERVICE_TYPES.filter((code) => lines.some((line) => line.serviceTypes.some((type) => type.code === code))),
  };
}
