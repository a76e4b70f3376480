import type { Money } from '../../../src/domain/common';
import { decimalToMinorUnits } from '../../../src/domain/money';
import type { BenefitDate } from '../../../src/domain/eligibility';
import { coded } from './codes/coded';
import { dateQualifierCodes, endDateQualifiers } from './codes/dtp01-date-qualifier';
import { element, type X12Segment } from './elements';
import type { X12Warning } from './x12-error';

/** X12 decimal (R type): optional sign, digits, optional fraction; '.5' and '5.' are valid. */
const DECIMAL = /^(-)?(\d*)(?:\.(\d*))?$/;

/** An X12 monetary amount (always USD in 005010X279A1) as integer cents: '5956.09' is 595609. */
export const parseMoney = (value: string): Money | null => {
  const amountMinor = decimalToMinorUnits(value, 2);
  return amountMinor === null ? null : { amountMinor, currency: 'USD' };
};

export const parseDecimal = (value: string): number | null => {
  const match = DECIMAL.exec(value.trim());
  if (!match || ((match[2] ?? '') === '' && (match[3] ?? '') === '')) return null;
  const number = Number(value.trim());
  return Number.isFinite(number) ? number : null;
};

/**
 * EB08 is a fraction ('.2' = 20 %). Some payers send whole percents ('20'): a value above 1
 * and up to 100 is read as a percent and flagged, since no co-insurance exceeds 100 %.
 */
export const parsePercent = (value: string, segmentNumber: number, warnings: X12Warning[]): number | null => {
  const number = parseDecimal(value);
  if (number === null || number < 0 || number > 100) {
    warnings.push({ segmentNumber, code: 'BAD_PERCENT', message: 'EB08 is not a percent' });
    return null;
  }
  if (number > 1) {
    warnings.push({ segmentNumber, code: 'PERCENT_AS_WHOLE_NUMBER', message: 'EB08 is above 1; read as a whole percent' });
    return Math.round(number * 1e4) / 1e6;
  }
  return number;
};

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/** CCYYMMDD -> YYYY-MM-DD, null unless it is a real calendar date. Allocation-light: it runs per DTP. */
export const parseD8 = (value: string): string | null => {
  if (value.length !== 8 || !/^\d{8}$/.test(value)) return null;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(4, 6));
  const day = Number(value.slice(6, 8));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
};

/** DTP: D8 single date (read as an end for end qualifiers), RD8 range, DT date-time. */
export const parseDtp = (segment: X12Segment, warnings: X12Warning[]): BenefitDate => {
  const qualifier = element(segment, 1);
  const format = element(segment, 2);
  const value = element(segment, 3);
  let start: string | null = null;
  let end: string | null = null;
  let readable = false;
  if (format === 'D8' || format === 'DT') {
    const date = parseD8(value.slice(0, 8));
    readable = date !== null && (format === 'D8' ? value.length === 8 : /^\d{12}$/.test(value));
    if (endDateQualifiers.has(qualifier)) end = date;
    else start = date;
  } else if (format === 'RD8') {
    const [from = '', to = '', ...rest] = value.split('-');
    start = parseD8(from);
    end = parseD8(to);
    readable = start !== null && end !== null && rest.length === 0;
  }
  if (!readable) {
    warnings.push({ segmentNumber: segment.number, code: 'BAD_DATE', message: 'DTP03 is not a valid date in the DTP02 format' });
    if (format !== 'RD8') [start, end] = [null, null];
  }
  return { qualifier: coded(dateQualifierCodes, qualifier), start, end };
};
