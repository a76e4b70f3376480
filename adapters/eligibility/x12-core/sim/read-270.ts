import { isX12Error, readInterchange, repetitions, type X12Interchange } from '../../../shared/x12';

/**
 * What the simulated payer needs from an incoming 270: envelope ids and control numbers to
 * answer with, the payer, the provider, the trace number to echo, and who is asked about.
 * Segments come from the X12 reader.
 */

export interface SimSegment {
  id: string;
  elements: readonly string[];
}

export interface Inquiry270 {
  senderId: string;
  receiverId: string;
  usageIndicator: string;
  interchangeControlNumber: string;
  groupControlNumber: string;
  transactionControlNumber: string;
  bhtReference: string;
  payerId: string;
  payerName: string;
  provider: { entityType: string; lastOrOrganizationName: string; firstName: string; qualifier: string; id: string };
  trace: { number: string; originator: string } | null;
  subscriber: { memberId: string; lastName: string; firstName: string; birthDate: string; gender: string };
  dependent: { lastName: string; firstName: string; birthDate: string; gender: string } | null;
  serviceTypes: string[];
  /** YYYYMMDD, or a YYYYMMDD-YYYYMMDD range. */
  dateOfService: string;
}

/** Thrown for a 270 the simulator cannot answer: it then sends a 999 rejection. */
export class Unreadable270 extends Error {
  constructor(
    readonly segmentId: string,
    readonly segmentPosition: number,
    message: string,
  ) {
    super(message);
    this.name = 'Unreadable270';
  }
}

const el = (segment: SimSegment | undefined, n: number): string => segment?.elements[n]?.trim() ?? '';

export function read270(segments: readonly SimSegment[]): Inquiry270 {
  const find = (id: string, qualifier?: string) => segments.find((segment) => segment.id === id && (qualifier === undefined || el(segment, 1) === qualifier));
  const isa = find('ISA');
  const gs = find('GS');
  const stIndex = segments.findIndex((segment) => segment.id === 'ST');
  const st = segments[stIndex];
  if (!isa || !gs || !st) throw new Unreadable270('ST', 3, 'missing ISA, GS or ST');
  if (el(st, 1) !== '270') throw new Unreadable270('ST', stIndex + 1, 'not a 270 transaction');
  const payer = find('NM1', 'PR');
  const provider = find('NM1', '1P') ?? find('NM1', 'FA');
  const subscriberIndex = segments.findIndex((segment) => segment.id === 'NM1' && el(segment, 1) === 'IL');
  const subscriber = segments[subscriberIndex];
  if (!payer || !provider || !subscriber) throw new Unreadable270('NM1', subscriberIndex + 1, 'missing payer, provider or subscriber NM1');
  const dependentIndex = segments.findIndex((segment) => segment.id === 'NM1' && el(segment, 1) === '03');
  const dependent = segments[dependentIndex];
  // DMG follows the NM1 of the person it describes.
  const dmgAfter = (index: number) => {
    const next = segments.slice(index + 1).find((segment) => segment.id === 'DMG' || segment.id === 'NM1' || segment.id === 'HL');
    return next?.id === 'DMG' ? next : undefined;
  };
  const subscriberDmg = dmgAfter(subscriberIndex);
  const dependentDmg = dependent ? dmgAfter(dependentIndex) : undefined;
  const trn = find('TRN');
  const serviceTypes = segments.filter((segment) => segment.id === 'EQ').flatMap((segment) => repetitions(el(segment, 1)).filter(Boolean));
  return {
    senderId: el(isa, 6),
    receiverId: el(isa, 8),
    usageIndicator: el(isa, 15) || 'T',
    interchangeControlNumber: el(isa, 13),
    groupControlNumber: el(gs, 6),
    transactionControlNumber: el(st, 2),
    bhtReference: el(find('BHT'), 3),
    payerId: el(payer, 9),
    payerName: el(payer, 3),
    provider: { entityType: el(provider, 2), lastOrOrganizationName: el(provider, 3), firstName: el(provider, 4), qualifier: el(provider, 8), id: el(provider, 9) },
    trace: trn ? { number: el(trn, 2), originator: el(trn, 3) } : null,
    subscriber: { memberId: el(subscriber, 9), lastName: el(subscriber, 3), firstName: el(subscriber, 4), birthDate: el(subscriberDmg, 2), gender: el(subscriberDmg, 3) },
    dependent: dependent ? { lastName: el(dependent, 3), firstName: el(dependent, 4), birthDate: el(dependentDmg, 2), gender: el(dependentDmg, 3) } : null,
    serviceTypes: serviceTypes.length > 0 ? serviceTypes : ['30'],
    dateOfService: el(find('DTP', '291'), 3),
  };
}

/** Raw 270 text to the inquiry; throws Unreadable270 when it cannot be answered. */
export function parse270(text: string): Inquiry270 {
  let interchange: X12Interchange;
  try {
    interchange = readInterchange(text);
  } catch (error) {
    if (isX12Error(error)) throw new Unreadable270('ISA', error.segmentNumber, error.reason);
    throw error;
  }
  const group = interchange.groups.find((candidate) => candidate.transactions.some((transaction) => transaction.setId === '270'));
  const transaction = group?.transactions.find((candidate) => candidate.setId === '270');
  if (!group || !transaction) throw new Unreadable270('ST', 3, 'no 270 transaction set');
  return read270([interchange.isa, group.gs, ...transaction.segments]);
}
