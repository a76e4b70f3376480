/**
 * Decimal strings from the wire ("25", "1019.29", "5999.999") to integer cents without going
 * through a float: 1019.29 * 100 is 101928.99999999999 in binary floating point.
 * Sub-cent digits round half away from zero. Returns null for anything that is not a decimal.
 */
export function decimalToMinorUnits(value: string): number | null {
  const match = /^\s*([+-])?(\d*)(?:\.(\d*))?\s*$/.exec(value);
  if (!match) return null;
  const [, sign, whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return null;
  const cents = Number(whole || '0') * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
  const roundUp = fraction.length > 2 && Number(fraction[2]) >= 5 ? 1 : 0;
  const minor = cents + roundUp;
  if (!Number.isSafeInteger(minor)) return null;
  return sign === '-' ? -minor : minor;
}

