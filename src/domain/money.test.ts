import { describe, expect, it } from 'vitest';
import { decimalToMinorUnits, decimalToMoney, minorUnitsToDecimal } from './money';

describe('decimal amounts to minor units', () => {
  it('converts without binary floating-point error', () => {
    expect(decimalToMinorUnits(12.3, 2)).toBe(1230);
    expect(decimalToMinorUnits('12.30', 2)).toBe(1230);
    expect(decimalToMinorUnits(0.1 + 0.2, 2)).toBe(30);
    expect(decimalToMinorUnits(19.99, 2)).toBe(1999);
    expect(decimalToMinorUnits(1.005, 2)).toBe(101); // float math would give 100
    expect(decimalToMinorUnits(4.35, 2)).toBe(435); // 4.35 * 100 = 434.99999999999994
    expect(decimalToMinorUnits(5, 2)).toBe(500);
    expect(decimalToMinorUnits('-2.5', 2)).toBe(-250);
    expect(decimalToMinorUnits(1e-7, 2)).toBe(0);
  });

  it.each([
    ['25', 2500],
    ['25.00', 2500],
    ['1019.29', 101_929],
    ['5999.99', 599_999],
    ['0.07', 7],
    ['.5', 50],
    ['5.', 500],
    [' 12.3 ', 1230],
    ['-3.456', -346],
    ['2.994', 299],
    ['2.995', 300],
    ['+1', 100],
    ['1.0049', 100],
    ['000123.40', 12340],
  ])('%s -> %i cents', (text, cents) => {
    expect(decimalToMinorUnits(text, 2)).toBe(cents);
  });

  it('has no negative zero', () => {
    expect(Object.is(decimalToMinorUnits('-0', 2), 0)).toBe(true);
    expect(Object.is(decimalToMinorUnits('-0.001', 2), 0)).toBe(true);
  });

  it.each(['', '.', '-', 'abc', '1e3', '1,000.00', '12,30', '12.3.4', '$5', '99999999999999999999'])('rejects %j', (text) => {
    expect(decimalToMinorUnits(text, 2)).toBeNull();
  });

  it('rejects what is not a finite number or a known currency', () => {
    expect(decimalToMinorUnits(Number.NaN, 2)).toBeNull();
    expect(decimalToMinorUnits(Number.POSITIVE_INFINITY, 2)).toBeNull();
    expect(decimalToMoney(12.3, 'XXXX')).toBeNull();
  });

  it('uses the currency’s own minor unit', () => {
    expect(decimalToMoney(1500, 'JPY')).toEqual({ amountMinor: 1500, currency: 'JPY' });
    expect(decimalToMoney('7.5', 'usd')).toEqual({ amountMinor: 750, currency: 'USD' });
    expect(minorUnitsToDecimal(1230, 'USD')).toBe('12.30');
    expect(minorUnitsToDecimal(5, 'USD')).toBe('0.05');
  });
});
