import type { Money } from '../../../src/domain/common';

/**
 * Vendor amounts in major units ("12.30", 12.3) to integer minor units without binary floating
 * point: the amount is handled as a decimal string, so 12.3 is 1230 and never 1229.9999. More
 * fraction digits than the currency has are rounded half away from zero. Null when unreadable.
 */
export function minorUnitDigits(currency: string): number | null {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? null;
  } catch {
    return null;
  }
}

const toDecimalString = (value: number | string): string | null => {
  if (typeof value === 'string') return value.trim();
  if (!Number.isFinite(value)) return null;
  const text = String(value); // shortest round-trip form: 12.3 -> "12.3", 0.1 + 0.2 -> "0.30000000000000004"
  return /e/i.test(text) ? value.toFixed(12) : text;
};

export function decimalToMinorUnits(value: number | string, digits: number): number | null {
  const text = toDecimalString(value);
  const match = text === null ? null : /^(-)?(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) return null;
  const [, sign, whole = '0', fraction = ''] = match;
  const kept = fraction.slice(0, digits).padEnd(digits, '0');
  let minor = BigInt(whole + kept);
  const firstDropped = fraction.charCodeAt(digits) - 48;
  if (firstDropped >= 5) minor += 1n;
  const result = Number(sign ? -minor : minor);
  return Number.isSafeInteger(result) ? result : null;
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
