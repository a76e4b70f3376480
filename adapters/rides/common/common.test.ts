import { describe, expect, it } from 'vitest';
import { decimalToMinorUnits, decimalToMoney, minorUnitsToDecimal } from './decimal-money';
import { decodeBase64, decodeHex, encodeBase64, encodeHex, hmacSha256, importHmacKey, verifyHmacSha256 } from './hmac';

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

  it('rejects what is not a decimal', () => {
    expect(decimalToMinorUnits('12,30', 2)).toBeNull();
    expect(decimalToMinorUnits('abc', 2)).toBeNull();
    expect(decimalToMinorUnits(Number.NaN, 2)).toBeNull();
    expect(decimalToMoney(12.3, 'XXXX')).toBeNull();
  });

  it('uses the currency’s own minor unit', () => {
    expect(decimalToMoney(1500, 'JPY')).toEqual({ amountMinor: 1500, currency: 'JPY' });
    expect(decimalToMoney('7.5', 'usd')).toEqual({ amountMinor: 750, currency: 'USD' });
    expect(minorUnitsToDecimal(1230, 'USD')).toBe('12.30');
    expect(minorUnitsToDecimal(5, 'USD')).toBe('0.05');
  });
});

describe('hmac helpers', () => {
  it('round-trips hex and base64 and refuses malformed input', () => {
    const bytes = new Uint8Array([0, 1, 127, 128, 255]);
    expect(decodeHex(encodeHex(bytes))).toEqual(bytes);
    expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
    for (const bad of ['', 'abc', 'zz', '0g']) expect(decodeHex(bad)).toBeNull();
    for (const bad of ['', 'abc', '@@@@', 'AAA=A===']) expect(decodeBase64(bad)).toBeNull();
  });

  it('verifies only the exact bytes with the right key', async () => {
    const key = await importHmacKey('secret');
    const data = new TextEncoder().encode('{"a":1}');
    const mac = await hmacSha256(key, data);
    expect(await verifyHmacSha256(key, mac, data)).toBe(true);
    expect(await verifyHmacSha256(await importHmacKey('other'), mac, data)).toBe(false);
    expect(await verifyHmacSha256(key, mac, new TextEncoder().encode('{"a":2}'))).toBe(false);
    expect(await verifyHmacSha256(key, mac.slice(0, 16), data)).toBe(false);
  });
});
