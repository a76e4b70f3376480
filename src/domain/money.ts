import type { Money } from './common';

/**
 * Decimal amounts in major units ("12.30", 12.3, X12 "5956.09") to integer minor units without
 * binary floating point: the amount is handled as a decimal string, so 1019.29 is 101929 and never
 * 101928.99999999999. More fraction digits than the currency has round half away from zero. The
 * grammar is the plain decimal every source sends: optional sign, digits, optional fraction
 * ('.5' and '5.' included), surrounding blanks ignored. Null when unreadable or too large.
 */
const DECIMAL = /^\s*([+-])?(\d*)(?:\.(\d*))?\s*$/;

/** The currency's minor-unit digits (USD 2, JPY 0), or null for an unknown code. */
export function minorUnitDigits(currency: string): number | null {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? null;
  } catch {
    return null;
  }
}

const toDecimalString = (value: number | string): string | null => {
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return null;
  const text = String(value); // shortest round-trip form: 12.3 -> "12.3", 0.1 + 0.2 -> "0.30000000000000004"
  return /e/i.test(text) ? value.toFixed(12) : text;
};

export function decimalToMinorUnits(value: number | string, digits: number): number | null {
  const text = toDecimalString(value);
  const match = text === null ? null : DECIMAL.exec(text);
  if (!match) return null;
  const [, sign, whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return null;
  // An integer string converts exactly up to 2^53, and anything larger fails the safe check below.
  let minor = Number(whole + fraction.slice(0, digits).padEnd(digits, '0'));
  if (fraction.charCodeAt(digits) - 48 >= 5) minor += 1;
  if (!Number.isSafeInteger(minor)) return null;
  return sign === '-' && minor !== 0 ? -minor : minor;
}

/** A decimal amount plus currency code as Money, or null when either part is unreadable. */
export function decimalToMoney(value: number | string, currency: string): Money | null {
  const code = currency.toUpperCase();
  const digits = minorUnitDigits(code);
  if (digits === null) return null;
  const amountMinor = decimalToMinorUnits(value, digits);
  return amountMinor === null ? null : { amountMinor, currency: code };
}

/** Money as the decimal major-unit string a vendor (or a simulator) writes: 1230 USD -> "12.30". */
export function minorUnitsToDecimal(amountMinor: number, currency: string): string {
  const digits = minorUnitDigits(currency) ?? 2;
  const negative = amountMinor < 0;
  const text = String(Math.abs(amountMinor)).padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const fraction = text.slice(text.length - digits);
  return `${negative ? '-' : ''}${whole}${digits > 0 ? `.${fraction}` : ''}`;
}
