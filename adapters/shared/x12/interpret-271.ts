import type { Benefit, CoverageStatus, EligibilityResponse, PlanInfo } from '../../../src/domain/eligibility';
import { entityName, personFrom } from './benefit-271';
import { activeCoverageCodes, inactiveCoverageCodes } from './codes/eb01-eligibility-benefit';
import { planDateQualifiers } from './codes/dtp01-date-qualifier';
import { element, optionalElement, type X12Segment } from './elements';
import { allTransactions, warningsByTransaction, type ReadInterchangeOptions, type X12Interchange, type X12Transaction } from './interchange';
import { collectLoops, type PartyLoop } from './loops-271';
import { readInterchange } from './read-interchange';
import { parseDtp } from './values';
import { formatWarning, X12Error, type X12Warning } from './x12-error';

export interface Interpret271Options extends ReadInterchangeOptions {
  /**
   * Service types the 270 asked about. Plan status comes from EB01 1-8 on service type 30
   * (health benefit plan coverage) or one of these; never from another service type.
   */
  requestedServiceTypes?: readonly string[];
}

/**
 * Status from the patient's EB segments with EB01 1-5 (active) or 6-8 (inactive) whose EB03
 * holds 30 or a requested type. An EB without EB03 speaks for the whole plan and counts too.
 * Any active statement wins over an inactive one (e.g. an old plan ended, a new one began).
 */
const coverageStatus = (benefits: readonly Benefit[], requested: readonly string[]): { status: CoverageStatus; basis: Benefit | null } => {
  const relevant = new Set(['30', ...requested]);
  let inactive: Benefit | null = null;
  for (const benefit of benefits) {
    const kind = benefit.kind.code;
    if (!activeCoverageCodes.has(kind) && !inactiveCoverageCodes.has(kind)) continue;
    if (benefit.serviceTypes.length > 0 && !benefit.serviceTypes.some((type) => relevant.has(type.code))) continue;
    if (activeCoverageCodes.has(kind)) return { status: 'ACTIVE', basis: benefit };
    inactive ??= benefit;
  }
  return inactive ? { status: 'INACTIVE', basis: inactive } : { status: 'UNKNOWN', basis: null };
};

/** TRN01 2 is the referenced trace: the echo of the trace number our 270 sent. */
const echoedTrace = (...loops: (PartyLoop | null)[]): string | null => {
  for (const loop of loops) {
    const trace = loop?.traces.find((trn) => element(trn, 1) === '2');
    if (trace) return optionalElement(trace, 2);
  }
  return null;
};

const planFrom = (patient: PartyLoop | null, subscriber: PartyLoop | null, basis: Benefit | null, warnings: X12Warning[]): PlanInfo | null => {
  const people = [patient, subscriber].filter((loop, i, all): loop is PartyLoop => loop !== null && all.indexOf(loop) === i);
  const refs = people.flatMap((loop) => loop.refs);
  const ref = (qualifier: string) => refs.find((segment) => element(segment, 1) === qualifier) ?? null;
  const value = (segment: X12Segment | null, n: number) => (segment ? optionalElement(segment, n) : null);
  const [plan, group, policy] = [ref('18'), ref('6P'), ref('1L')];
  const dateSource = people.find((loop) => loop.dates.some((dtp) => planDateQualifiers.has(element(dtp, 1))));
  const dates = (dateSource?.dates ?? []).filter((dtp) => planDateQualifiers.has(element(dtp, 1))).map((dtp) => parseDtp(dtp, warnings));
  const info: PlanInfo = {
    name: value(plan, 3) ?? value(group, 3) ?? value(policy, 3) ?? basis?.planCoverageDescription ?? null,
    groupNumber: value(group, 2) ?? value(policy, 2),
    planNumber: value(plan, 2),
    dates,
  };
  return info.name === null && info.groupNumber === null && info.planNumber === null && dates.length === 0 ? null : info;
};

/** The subscriber (first 2000C) and the dependent HLs that follow it up to the next subscriber. */
const pickPeople = (loops: PartyLoop[], warnings: X12Warning[]) => {
  const subscriberIndex = loops.findIndex((loop) => loop.level === 'subscriber');
  const subscriber = subscriberIndex === -1 ? null : (loops[subscriberIndex] as PartyLoop);
  const next = loops.findIndex((loop, i) => i > subscriberIndex && loop.level === 'subscriber');
  if (subscriber && next !== -1) {
    warnings.push({ segmentNumber: (loops[next] as PartyLoop).hl.number, code: 'SEVERAL_SUBSCRIBERS', message: 'the 271 holds several subscribers; only the first is interpreted' });
  }
  const dependents = subscriber ? loops.slice(subscriberIndex + 1, next === -1 ? undefined : next).filter((loop) => loop.level === 'dependent') : [];
  if (dependents.length > 1) {
    warnings.push({ segmentNumber: (dependents[1] as PartyLoop).hl.number, code: 'SEVERAL_DEPENDENTS', message: 'the subscriber has several dependents; only the first is interpreted' });
  }
  return { subscriber, dependent: dependents[0] ?? null };
};

/** One 271 transaction of an already-read interchange as the domain's EligibilityResponse. */
export const interpret271Transaction = (
  transaction: X12Transaction,
  envelopeWarnings: readonly X12Warning[],
  options: Interpret271Options = {},
): EligibilityResponse => {
  const warnings: X12Warning[] = [...envelopeWarnings];
  const loops = collectLoops(transaction.segments, warnings);
  const { subscriber, dependent } = pickPeople(loops, warnings);
  const patient = dependent ?? subscriber;
  const source = loops.find((loop) => loop.level === 'source') ?? null;
  const considered = loops.filter((loop) => loop.level === 'source' || loop.level === 'receiver' || loop === subscriber || loop === dependent);
  const benefits = patient?.benefits ?? [];
  const { status, basis } = coverageStatus(benefits, options.requestedServiceTypes ?? []);
  const plan = planFrom(patient, subscriber, basis, warnings);
  warnings.sort((a, b) => a.segmentNumber - b.segmentNumber);

  return {
    status,
    payer: { id: source?.name ? optionalElement(source.name, 9) : null, name: source?.name ? entityName(source.name) : null },
    subscriber: subscriber ? personFrom(subscriber.name, subscriber.dmg) : null,
    dependent: dependent ? personFrom(dependent.name, dependent.dmg) : null,
    plan,
    benefits,
    rejections: considered.flatMap((loop) => loop.rejections),
    messages: considered.flatMap((loop) => loop.messages),
    traceNumber: echoedTrace(dependent, subscriber),
    warnings: warnings.map(formatWarning),
  };
};

const firstStNumber = (interchange: X12Interchange) => allTransactions(interchange)[0]?.segments[0]?.number ?? 1;

/** The first 271 transaction of an interchange (text or bytes) as an EligibilityResponse. */
export const interpret271 = (input: string | Uint8Array, options: Interpret271Options = {}): EligibilityResponse => {
  const interchange = readInterchange(input, options);
  const transaction = allTransactions(interchange).find((t) => t.setId === '271');
  if (!transaction) throw new X12Error(firstStNumber(interchange), 'NO_271', 'the interchange holds no 271 transaction set');
  return interpret271Transaction(transaction, warningsByTransaction(interchange)(transaction), options);
};

/** Every 271 transaction of an interchange, in order (other transaction sets are skipped). */
export const interpret271All = (input: string | Uint8Array, options: Interpret271Options = {}): EligibilityResponse[] => {
  const interchange = readInterchange(input, options);
  const transactions = allTransactions(interchange).filter((t) => t.setId === '271');
  if (transactions.length === 0) throw new X12Error(firstStNumber(interchange), 'NO_271', 'the interchange holds no 271 transaction set');
  const warningsOf = warningsByTransaction(interchange);
  return transactions.map((transaction) => interpret271Transaction(transaction, warningsOf(transaction), options));
};
