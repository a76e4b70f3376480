import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeHex, encodeBase64, encodeHex, hmacSha256, importHmacKey, verifyHmacSha256 } from './hmac';

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
