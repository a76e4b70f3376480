import { describe, expect, it } from 'vitest';
import { decimalToMinorUnits } from './money';

describe('decimalToMinorUnits', () => {
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
  ])('%s -> %i cents', (text, cents) => {
    expect(decimalToMinorUnits(text)).toBe(cents);
  });

  it.each(['', '.', 'abc', '1e3', '1,000.00', '12.3.4', '$5'])('rejects %j', (text) => {
    expect(decimalToMinorUnits(text)).toBeNull();
  });
});
