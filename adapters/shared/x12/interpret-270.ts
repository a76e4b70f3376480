import type { EligibilityRequest } from '../../../src/domain/eligibility';
import { personFrom } from './benefit-271';
import { element, optionalElement, repetitions, type X12Segment } from './elements';
import { allTransactions, type ReadInterchangeOptions } from './interchange';
import { readInterchange } from './read-interchange';
import { parseD8 } from './values';
import { X12Error } from './x12-error';

interface Level {
  code: string;
  nm1: X12Segment | null;
  dmg: X12Segment | null;
  trn: X12Segment | null;
  dtp: X12Segment | null;
  eq: X12Segment[];
}

/**
 * The first 270 of an interchange as the domain's EligibilityRequest: what a payer
 * simulator needs to answer, and how tests check that write270 round-trips.
 */
export const interpret270 = (input: string | Uint8Array, options: ReadInterchangeOptions = {}): EligibilityRequest => {
  const interchange = readInterchange(input, options);
  const transaction = allTransactions(interchange).find((t) => t.setId === '270');
  if (!transaction) throw new X12Error(1, 'NO_270', 'the interchange holds no 270 transaction set');

  const levels: Level[] = [];
  let current: Level | null = null;
  for (const segment of transaction.segments) {
    if (segment.id === 'HL') {
      current = { code: element(segment, 3), nm1: null, dmg: null, trn: null, dtp: null, eq: [] };
      levels.push(current);
      continue;
    }
    if (!current) continue;
    if (segment.id === 'NM1' && !current.nm1) current.nm1 = segment;
    else if (segment.id === 'DMG') current.dmg = segment;
    else if (segment.id === 'TRN' && !current.trn) current.trn = segment;
    else if (segment.id === 'DTP' && element(segment, 1) === '291') current.dtp = segment;
    else if (segment.id === 'EQ') current.eq.push(segment);
  }
  const level = (code: string) => levels.find((l) => l.code === code) ?? null;
  const [source, receiver, subscriber, dependent] = [level('20'), level('21'), level('22'), level('23')];
  const patient = dependent ?? subscriber;

  const serviceTypeCodes = (patient?.eq ?? []).flatMap((eq) => repetitions(element(eq, 1))).filter((code) => code !== '');
  const dtp = patient?.dtp ?? subscriber?.dtp ?? null;
  const dateText = dtp ? element(dtp, 3).slice(0, 8) : '';
  const providerName = receiver?.nm1;
  const trn = patient?.trn ?? subscriber?.trn ?? null;
  const isPerson = providerName ? element(providerName, 2) === '1' : false;

  return {
    payerId: source?.nm1 ? element(source.nm1, 9) : '',
    payerName: source?.nm1 ? (optionalElement(source.nm1, 3) ?? undefined) : undefined,
    provider: {
      npi: providerName && element(providerName, 8) === 'XX' ? element(providerName, 9) : '',
      organizationName: providerName && !isPerson ? (optionalElement(providerName, 3) ?? undefined) : undefined,
      lastName: providerName && isPerson ? (optionalElement(providerName, 3) ?? undefined) : undefined,
      firstName: providerName && isPerson ? (optionalElement(providerName, 4) ?? undefined) : undefined,
    },
    subscriber: personFrom(subscriber?.nm1 ?? null, subscriber?.dmg ?? null),
    dependent: dependent ? personFrom(dependent.nm1, dependent.dmg) : undefined,
    serviceTypeCodes: serviceTypeCodes.length > 0 ? serviceTypeCodes : ['30'],
    dateOfService: parseD8(dateText) ?? '',
    traceNumber: trn ? (optionalElement(trn, 2) ?? undefined) : undefined,
  };
};
