import { GatewayError } from '../../../src/domain/errors';
import type { EligibilityPerson, EligibilityRequest } from '../../../src/domain/eligibility';
import { X12_270_LENGTHS } from '../../../src/domain/eligibility-input';
import { outboundTextProblem } from '../../../src/domain/outbound-text';

export interface Envelope270 {
  /** ISA06 / GS02 (at most 15 characters). */
  senderId: string;
  /** ISA08 / GS03 (at most 15 characters). */
  receiverId: string;
  /** ISA13/IEA02, 0..999999999. */
  interchangeControlNumber: number;
  /** GS06/GE02; defaults to the interchange control number. */
  groupControlNumber?: number;
  /** ST02/SE02, 4-9 letters or digits (shorter numbers are zero-padded); default '0001'. */
  transactionControlNumber?: string;
  /** Envelope and BHT dates and times, written in UTC. */
  now: Date;
  /** ISA15; default 'P' (production). */
  usageIndicator?: 'T' | 'P';
  /** ISA05/ISA07 id qualifiers; default 'ZZ' (mutually defined). */
  senderQualifier?: string;
  receiverQualifier?: string;
  /** TRN03 originating company id (10 characters, '1' + EIN or '9' + assigned); default '9' + the sender id. */
  originatorId?: string;
}

const ELEMENT = '*';
const REPETITION = '^';
const COMPONENT = ':';
const TERMINATOR = '~';

const badInput = (field: string, problem: string) =>
  new GatewayError('BAD_INPUT', `Cannot write a 270: ${field} ${problem}`, { details: { field } });

/**
 * A data value as it goes into an element, or '' when absent. Never cleaned: a value holding a
 * delimiter, a control character or anything else outside the X12 set, or longer than the
 * element, throws (the eligibility service refuses such input earlier; this is the last line).
 */
const elementValue = (value: string | undefined, field: string, lengths: { min: number; max: number }): string => {
  if (value === undefined || value === '') return '';
  const problem = outboundTextProblem(value, { ...lengths, charset: 'x12' });
  if (problem) throw badInput(field, problem);
  return value;
};

const ymd = (date: Date) => date.toISOString().slice(0, 10).replace(/-/g, '');
const hm = (date: Date) => date.toISOString().slice(11, 16).replace(':', '');

const isoToD8 = (value: string, field: string): string => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(`${value}T00:00:00Z`) : null;
  if (!match || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) throw badInput(field, 'is not a YYYY-MM-DD date');
  return value.replace(/-/g, '');
};

const segment = (...elements: string[]): string => {
  let end = elements.length;
  while (end > 1 && elements[end - 1] === '') end--; // trailing empty elements are not sent
  return elements.slice(0, end).join(ELEMENT) + TERMINATOR;
};

const randomTrace = (): string => globalThis.crypto.randomUUID().replace(/-/g, '');

const personSegments = (entity: 'IL' | '03', person: EligibilityPerson, field: string): string[] => {
  const memberId = elementValue(person.memberId, `${field}.memberId`, X12_270_LENGTHS.identificationCode);
  const last = elementValue(person.lastName, `${field}.lastName`, X12_270_LENGTHS.lastOrOrganizationName);
  const first = elementValue(person.firstName, `${field}.firstName`, X12_270_LENGTHS.firstName);
  if (entity === 'IL' && memberId === '' && (last === '' || !person.birthDate)) {
    throw badInput(field, 'needs a member id, or a last name and a birth date');
  }
  if (entity === '03' && last === '') throw badInput(field, 'needs a last name');
  const out = [segment('NM1', entity, '1', last, first, '', '', '', memberId && entity === 'IL' ? 'MI' : '', entity === 'IL' ? memberId : '')];
  if (person.birthDate) {
    const gender = person.gender && ['M', 'F', 'U'].includes(person.gender) ? person.gender : '';
    out.push(segment('DMG', 'D8', isoToD8(person.birthDate, `${field}.birthDate`), gender));
  }
  return out;
};

/**
 * A complete 005010X279A1 real-time 270 interchange (ISA..IEA) for one request: payer,
 * provider (NPI), subscriber and, when present, the dependent who is the patient. The
 * patient's loop carries TRN (our trace number), DTP*291 and EQ (service types as repetitions).
 */
export const write270 = (request: EligibilityRequest, envelope: Envelope270): string => {
  const senderId = elementValue(envelope.senderId, 'envelope.senderId', { min: 1, max: 15 });
  const receiverId = elementValue(envelope.receiverId, 'envelope.receiverId', { min: 1, max: 15 });
  if (senderId === '') throw badInput('envelope.senderId', 'must be 1-15 characters');
  if (receiverId === '') throw badInput('envelope.receiverId', 'must be 1-15 characters');
  const icn = envelope.interchangeControlNumber;
  if (!Number.isInteger(icn) || icn < 0 || icn > 999_999_999) throw badInput('envelope.interchangeControlNumber', 'must be an integer 0-999999999');
  const gcn = envelope.groupControlNumber ?? icn;
  if (!Number.isInteger(gcn) || gcn < 1 || gcn > 999_999_999) throw badInput('envelope.groupControlNumber', 'must be an integer 1-999999999');
  let stControl = envelope.transactionControlNumber ?? '0001';
  if (/^\d{1,3}$/.test(stControl)) stControl = stControl.padStart(4, '0');
  if (!/^[A-Za-z0-9]{4,9}$/.test(stControl)) throw badInput('envelope.transactionControlNumber', 'must be 4-9 letters or digits');
  if (Number.isNaN(envelope.now.getTime())) throw badInput('envelope.now', 'is not a valid date');

  const payerId = elementValue(request.payerId, 'payerId', X12_270_LENGTHS.identificationCode);
  if (payerId === '') throw badInput('payerId', 'is required');
  const npi = request.provider.npi;
  if (!/^\d{10}$/.test(npi)) throw badInput('provider.npi', 'must be 10 digits');
  const serviceTypes = request.serviceTypeCodes.length === 0 ? ['30'] : request.serviceTypeCodes;
  if (serviceTypes.length > 99 || serviceTypes.some((code) => !/^[A-Z0-9]{1,2}$/.test(code))) {
    throw badInput('serviceTypeCodes', 'must be at most 99 service type codes of 1-2 letters or digits');
  }
  const dateOfService = isoToD8(request.dateOfService, 'dateOfService');
  const trace = elementValue(request.traceNumber, 'traceNumber', X12_270_LENGTHS.traceNumber) || randomTrace();
  const originator = elementValue(envelope.originatorId, 'envelope.originatorId', { min: 10, max: 10 }) || `9${senderId.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 10).padEnd(10, '0');

  const now = envelope.now;
  const date8 = ymd(now);
  const time = hm(now);
  const usage = envelope.usageIndicator ?? 'P';
  const isa = [
    'ISA', '00', ''.padEnd(10), '00', ''.padEnd(10),
    (envelope.senderQualifier ?? 'ZZ').padEnd(2).slice(0, 2), senderId.padEnd(15),
    (envelope.receiverQualifier ?? 'ZZ').padEnd(2).slice(0, 2), receiverId.padEnd(15),
    date8.slice(2), time, REPETITION, '00501', String(icn).padStart(9, '0'), '0', usage, COMPONENT,
  ].join(ELEMENT) + TERMINATOR;

  const provider = request.provider;
  const providerOrg = elementValue(provider.organizationName, 'provider.organizationName', X12_270_LENGTHS.lastOrOrganizationName);
  const providerLast = elementValue(provider.lastName, 'provider.lastName', X12_270_LENGTHS.lastOrOrganizationName);
  const providerName =
    providerOrg !== '' || providerLast === ''
      ? ['2', providerOrg, '']
      : ['1', providerLast, elementValue(provider.firstName, 'provider.firstName', X12_270_LENGTHS.firstName)];
  const patientTail = [
    segment('DTP', '291', 'D8', dateOfService),
    segment('EQ', serviceTypes.join(REPETITION)),
  ];
  const trn = segment('TRN', '1', trace, originator);
  const dependent = request.dependent;

  const body = [
    segment('ST', '270', stControl, '005010X279A1'),
    segment('BHT', '0022', '13', trace, date8, time),
    segment('HL', '1', '', '20', '1'),
    segment('NM1', 'PR', '2', elementValue(request.payerName, 'payerName', X12_270_LENGTHS.lastOrOrganizationName) || payerId, '', '', '', '', 'PI', payerId),
    segment('HL', '2', '1', '21', '1'),
    segment('NM1', '1P', ...providerName, '', '', '', 'XX', npi),
    segment('HL', '3', '2', '22', dependent ? '1' : '0'),
    ...(dependent ? [] : [trn]),
    ...personSegments('IL', request.subscriber, 'subscriber'),
    ...(dependent
      ? [segment('HL', '4', '3', '23', '0'), trn, ...personSegments('03', dependent, 'dependent'), ...patientTail]
      : patientTail),
  ];
  body.push(segment('SE', String(body.length + 1), stControl));

  return [
    isa,
    segment('GS', 'HS', senderId, receiverId, date8, time, String(gcn), 'X', '005010X279A1'),
    ...body,
    segment('GE', '1', String(gcn)),
    segment('IEA', '1', String(icn).padStart(9, '0')),
  ].join('');
};
