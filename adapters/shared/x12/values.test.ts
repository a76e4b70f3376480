import { describe, expect, it } from 'vitest';
import { coded } from './codes/coded';
import { rejectReasonCodes } from './codes/aaa03-reject-reason';
import { followUpActionCodes } from './codes/aaa04-follow-up-action';
import { eligibilityBenefitCodes } from './codes/eb01-eligibility-benefit';
import { coverageLevelCodes } from './codes/eb02-coverage-level';
import { serviceTypeCodes } from './codes/eb03-service-type';
import { timePeriodCodes } from './codes/eb06-time-period';
import { parseD8, parseMoney } from './values';

describe('parseMoney', () => {
  it('turns X12 decimals into integer cents without floats', () => {
    const cents = (value: string) => parseMoney(value)?.amountMinor ?? null;
    expect(['10.00', '5956.09', '6000', '.5', '5.', '0', '0.29', '1.005', '1.0049', '-12.5', '-0', '000123.40'].map(cents)).toEqual([
      1000, 595609, 600000, 50, 500, 0, 29, 101, 100, -1250, 0, 12340,
    ]);
    expect(['', '.', '-', '1,000', '1e3', 'abc', '99999999999999999999'].map(cents)).toEqual([null, null, null, null, null, null, null]);
    expect(parseMoney('12.34')).toEqual({ amountMinor: 1234, currency: 'USD' });
  });
});

describe('parseD8', () => {
  it('accepts real dates only', () => {
    expect(['20240229', '19630519', '20230229', '20241301', '2024011', 'abcdefgh'].map(parseD8)).toEqual(['2024-02-29', '1963-05-19', null, null, null, null]);
  });
});

describe('code tables', () => {
  it('hold the complete 005010X279A1 lists', () => {
    expect(Object.keys(serviceTypeCodes)).toHaveLength(187);
    expect(Object.keys(eligibilityBenefitCodes)).toHaveLength(35);
    expect(Object.keys(coverageLevelCodes)).toHaveLength(10);
    expect(Object.keys(timePeriodCodes)).toHaveLength(19);
    expect(Object.keys(followUpActionCodes)).toEqual(['C', 'N', 'P', 'R', 'S', 'W', 'X', 'Y']);
    expect(Object.keys(rejectReasonCodes)).toEqual(expect.arrayContaining(['42', '72', '73', '75', '76', '79', '80', 'T4']));
    expect([serviceTypeCodes['30'], serviceTypeCodes['A2'], serviceTypeCodes['UC'], serviceTypeCodes['29']]).toEqual([
      'Health Benefit Plan Coverage',
      'Professional (Physician) Visit - Skilled Nursing Facility',
      'Urgent Care',
      undefined,
    ]);
  });

  it('keep unknown codes raw and never find Object.prototype members', () => {
    expect(coded(serviceTypeCodes, 'E37')).toEqual({ code: 'E37', name: null });
    expect(coded(serviceTypeCodes, '__proto__')).toEqual({ code: '__proto__', name: null });
    expect(coded(eligibilityBenefitCodes, 'hasOwnProperty')).toEqual({ code: 'hasOwnProperty', name: null });
  });
});
